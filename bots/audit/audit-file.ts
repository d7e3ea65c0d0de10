import { open, readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { AuditTable } from './audit-rows.ts';

export type AuditFileFormat = 'xlsx' | 'csv';

/** Excel opens a UTF-8 csv with Chinese text correctly only when it starts with a BOM. */
const UTF8_BOM = '\ufeff';
const ZIP_MAGIC = 'PK';

function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Writes the export as xlsx (every cell a text cell, streamed) or csv (RFC 4180, UTF-8 with BOM). */
export async function writeAuditFile(path: string, table: AuditTable, format: AuditFileFormat): Promise<void> {
  const lines = [table.title, table.header, ...table.rows];
  if (format === 'csv') {
    await writeFile(path, `${UTF8_BOM}${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('audit');
  for (const line of lines) sheet.addRow(line).commit();
  sheet.commit();
  await workbook.commit();
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'richText' in value) return (value as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value);
}

async function isXlsx(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer.toString('latin1') === ZIP_MAGIC;
  } finally {
    await handle.close();
  }
}

/** Every row of an export as text cells, whichever of the two formats it is (told by its first bytes). */
export async function readAuditFile(path: string): Promise<string[][]> {
  if (!(await isXlsx(path))) {
    const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
    return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  }
  const rows: string[][] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(Array.from(values, cellText));
    }
    break; // the export is the first sheet
  }
  return rows;
}
