import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from '../../core/sheets/neutralise-formula.ts';
import type { IntakeRowResult } from './intake-sheet.ts';

const COLUMNS = [
  { header: '行号 Row', key: 'row', width: 9 },
  { header: '结果 Result', key: 'status', width: 14 },
  { header: '订单编号 Order Ref', key: 'externalRef', width: 22 },
  { header: '客户编号 Customer ID', key: 'customerId', width: 18 },
  { header: '产品代码 Product', key: 'productCode', width: 16 },
  { header: '金额 Amount', key: 'amount', width: 16 },
  { header: '币种 Currency', key: 'currency', width: 10 },
  { header: '问题 Problems', key: 'problems', width: 80 },
];

export interface ResultSheet {
  fileName: string;
  /** Set when the whole file was refused; then `rows` is empty. */
  refusal?: { code: string; message: string };
  rows: IntakeRowResult[];
}

/**
 * The xlsx that goes back with a receipt (or beside a dropped file): one worksheet per submitted sheet,
 * one line per row with its result and reasons. Streamed, so a 100k-row sheet's result stays cheap.
 * Every text cell is neutralised: the submitter's own values come back in it.
 */
export async function writeResultWorkbook(sheets: ResultSheet[]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const usedNames = new Set<string>();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(worksheetName(sheet.fileName, usedNames));
    worksheet.columns = COLUMNS;
    worksheet.getRow(1).font = { bold: true };
    worksheet.getRow(1).commit();
    if (sheet.refusal) {
      worksheet.addRow({ status: '整个文件被拒 Refused', problems: neutraliseFormula(`${sheet.refusal.code}: ${sheet.refusal.message}`) }).commit();
    }
    for (const row of sheet.rows) {
      worksheet
        .addRow({
          row: row.row,
          status: row.status === 'accepted' ? '接受 Accepted' : '拒绝 Rejected',
          externalRef: neutraliseFormula(row.order.externalRef ?? ''),
          customerId: neutraliseFormula(row.order.customerId ?? ''),
          productCode: neutraliseFormula(row.order.productCode ?? ''),
          amount: row.order.amount ?? '',
          currency: neutraliseFormula(row.order.currency ?? ''),
          problems: neutraliseFormula(row.errors.map((e) => `${e.field}: ${e.message}`).join('; ')),
        })
        .commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

/** Worksheet names: at most 31 characters, none of []:*?/\, unique within the workbook. */
function worksheetName(fileName: string, used: Set<string>): string {
  const base = fileName.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, 26)}~${n}`;
  used.add(name);
  return name;
}
