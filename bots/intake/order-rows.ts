import { FIELD_LABELS, REQUIRED_FIELDS, type RowResult } from './canonical-order.ts';
import { cellScalar, isBlankCell } from './cell-value.ts';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './header-row.ts';
import type { HeaderSynonyms } from './header-synonyms.ts';
import { RowValidator } from './row-validation.ts';
import { SheetRefusal } from './sheet-refusal.ts';
import type { SheetRow } from './sheet-row.ts';

export interface OrderRowsOptions {
  synonyms: HeaderSynonyms;
  maxRows: number;
  maxAmount: string;
  date1904?: boolean;
}

/**
 * Turns a sheet's raw rows into RowResults: finds the header within the first HEADER_SEARCH_ROWS rows
 * (holding only those rows), refuses the sheet when it has no header or lacks required columns, then
 * validates each non-blank data row as it streams past. Blank rows are skipped silently.
 * Throws SheetRefusal 'too_many_rows' on the first data row over the limit, after the rows before it
 * have been yielded.
 */
export async function* orderRowResults(rows: AsyncIterable<SheetRow>, options: OrderRowsOptions): AsyncGenerator<RowResult> {
  const iterator = rows[Symbol.asyncIterator]();
  try {
    const leading: SheetRow[] = [];
    let next = await iterator.next();
    while (!next.done && next.value.row <= HEADER_SEARCH_ROWS) {
      if (!isBlankRow(next.value)) leading.push(next.value);
      next = await iterator.next();
    }
    if (leading.length === 0 && next.done) {
      throw new SheetRefusal('empty_file', { detail: { zh: '工作表中没有数据', en: 'the worksheet has no data' } });
    }
    const header = findHeaderRow(leading, options.synonyms);
    if (!header) throw new SheetRefusal('no_header_row');
    const missing = REQUIRED_FIELDS.filter((field) => !header.fields.has(field));
    if (missing.length > 0) {
      throw new SheetRefusal('missing_columns', {
        detail: {
          zh: missing.map((field) => FIELD_LABELS[field].zh).join('、'),
          en: missing.map((field) => `${FIELD_LABELS[field].en} (${field})`).join(', '),
        },
        missingColumns: missing,
      });
    }
    const validator = new RowValidator({
      header,
      synonyms: options.synonyms,
      maxAmount: options.maxAmount,
      date1904: options.date1904 ?? false,
    });
    let dataRows = 0;
    const validate = (row: SheetRow): RowResult => {
      dataRows += 1;
      if (dataRows > options.maxRows) {
        throw new SheetRefusal('too_many_rows', {
          detail: {
            zh: `上限 ${options.maxRows.toLocaleString('en-US')} 行，第 ${row.row} 行已超出`,
            en: `the limit is ${options.maxRows.toLocaleString('en-US')}, exceeded at row ${row.row}`,
          },
        });
      }
      return validator.validate(row);
    };
    for (const row of leading) if (row.row > header.row) yield validate(row);
    while (!next.done) {
      if (!isBlankRow(next.value)) yield validate(next.value);
      next = await iterator.next();
    }
  } finally {
    await iterator.return?.();
  }
}

function isBlankRow(row: SheetRow): boolean {
  for (const cell of row.cells) if (!isBlankCell(cellScalar(cell))) return false;
  return true;
}
