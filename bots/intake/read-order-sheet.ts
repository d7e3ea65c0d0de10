import type { RowResult } from './canonical-order.ts';
import { openCsvRows } from './csv-rows.ts';
import { loadHeaderSynonyms, type HeaderSynonyms } from './header-synonyms.ts';
import { resolveIntakeLimits, type IntakeLimits } from './intake-limits.ts';
import { orderRowResults } from './order-rows.ts';
import { checkSheetSafety } from './sheet-safety.ts';
import { openSheetSource, type SheetInput } from './sheet-source.ts';
import { openXlsxSheet } from './xlsx-rows.ts';

export type { CanonicalOrder, IdType, RowError, RowResult } from './canonical-order.ts';
export type { IntakeLimits } from './intake-limits.ts';
export type { HeaderSynonyms } from './header-synonyms.ts';
export type { SheetInput } from './sheet-source.ts';
export { SheetRefusal, type SheetRefusalCode } from './sheet-refusal.ts';

export interface ReadOrderSheetOptions {
  /** Worksheet by name (xlsx only; a csv has one sheet and ignores this). Default: the first worksheet. */
  sheet?: string;
  limits?: Partial<IntakeLimits>;
  /** Default: config/header-synonyms.yaml, read afresh. */
  synonyms?: HeaderSynonyms;
}

/**
 * Reads one order sheet (xlsx or csv) and yields one RowResult per non-blank data row, in sheet order.
 *
 * Safety comes first, before any parser sees the bytes: the size cap; the type by magic bytes (the
 * file name only decides whether plain text may be read as csv); for xlsx the zip's central directory
 * (entry count, declared and actual uncompressed sizes, compression ratios, encrypted entries, macros,
 * whether it is a workbook at all). Then rows stream (exceljs streaming parsers for xlsx, csv-parse for
 * csv) and each is validated on its own; only the order references seen so far are kept, so that a
 * later row repeating an earlier row's reference is rejected with 'duplicate_in_sheet' (the first stands).
 *
 * Whole-file problems throw SheetRefusal (a business error). All of them are thrown before the first
 * row is yielded, except 'too_many_rows' — thrown on the first data row past `maxRows`, after the rows
 * before it were yielded — and 'corrupt_file' / 'zip_bomb' when damage only shows once the worksheet
 * itself is being parsed. A caller that must be all-or-nothing should hold results until the end.
 * A sheet with a header but no data rows yields nothing. Other errors (an unreadable path) are system
 * faults and thrown as they are.
 */
export async function* readOrderSheet(
  input: SheetInput,
  options: ReadOrderSheetOptions = {},
): AsyncGenerator<RowResult> {
  const limits = resolveIntakeLimits(options.limits);
  const synonyms = options.synonyms ?? loadHeaderSynonyms();
  const source = await openSheetSource(input);
  const checked = await checkSheetSafety(source, limits);
  try {
    if (checked.kind === 'xlsx') {
      const sheet = await openXlsxSheet(checked.zip, checked.entries, { sheet: options.sheet });
      yield* orderRowResults(sheet.rows, {
        synonyms,
        maxRows: limits.maxRows,
        maxAmount: limits.maxAmount,
        date1904: sheet.date1904,
      });
    } else {
      const csv = await openCsvRows(checked.source);
      yield* orderRowResults(csv.rows, { synonyms, maxRows: limits.maxRows, maxAmount: limits.maxAmount });
    }
  } finally {
    checked.close();
  }
}
