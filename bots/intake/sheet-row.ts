/**
 * One row as a reader hands it over: `cells` is indexed by column number as Excel counts it
 * (A = 1; index 0 unused), raw exceljs values for xlsx, strings for csv.
 */
export interface SheetRow {
  /** Excel's row number (title rows included); for csv the line the record starts on. */
  readonly row: number;
  readonly cells: readonly unknown[];
}
