/**
 * A cell that starts with one of these is taken as a formula by Excel, LibreOffice or Sheets when a
 * person opens a csv (or pastes), which lets a hostile order sheet run `=HYPERLINK(...)` tricks on the
 * finance team. Tab and CR are included because some spreadsheet apps strip them before parsing.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** Prefixes an apostrophe to text that would otherwise be read as a formula; other values pass through. */
export function neutraliseFormula<T>(value: T): T | string {
  if (typeof value !== 'string' || value.length === 0) return value;
  return FORMULA_TRIGGERS.has(value[0] as string) ? `'${value}` : value;
}
