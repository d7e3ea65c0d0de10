import type { CanonicalField } from './canonical-order.ts';
import { cellScalar } from './cell-value.ts';
import { matchHeader, type HeaderSynonyms } from './header-synonyms.ts';
import type { SheetRow } from './sheet-row.ts';

/** The header may sit below titles and merged cells, but no lower than this. */
export const HEADER_SEARCH_ROWS = 20;
/** A row counts as a header only with this many recognised columns, externalRef and amount among them. */
export const MIN_RECOGNISED_HEADERS = 4;

export interface HeaderMapping {
  /** The header's own row number. */
  readonly row: number;
  /** Recognised columns, left to right; a field named twice keeps its leftmost column. */
  readonly columns: readonly { readonly column: number; readonly field: CanonicalField }[];
  readonly fields: ReadonlySet<CanonicalField>;
}

/** What a row would mean as a header, whether or not it qualifies. */
export function mapHeaderRow(row: SheetRow, synonyms: HeaderSynonyms): HeaderMapping {
  const columns: { column: number; field: CanonicalField }[] = [];
  const fields = new Set<CanonicalField>();
  row.cells.forEach((cell, column) => {
    const value = cellScalar(cell);
    if (typeof value !== 'string') return;
    const field = matchHeader(synonyms, value);
    if (field === undefined || fields.has(field)) return;
    fields.add(field);
    columns.push({ column, field });
  });
  return { row: row.row, columns, fields };
}

export function qualifiesAsHeader(mapping: HeaderMapping): boolean {
  return (
    mapping.fields.size >= MIN_RECOGNISED_HEADERS && mapping.fields.has('externalRef') && mapping.fields.has('amount')
  );
}

/**
 * The header among the given rows (the sheet's first HEADER_SEARCH_ROWS): the qualifying row with the
 * most recognised columns, the earliest on a tie. Undefined when none qualifies.
 */
export function findHeaderRow(rows: readonly SheetRow[], synonyms: HeaderSynonyms): HeaderMapping | undefined {
  let best: HeaderMapping | undefined;
  for (const row of rows) {
    if (row.row > HEADER_SEARCH_ROWS) break;
    const mapping = mapHeaderRow(row, synonyms);
    if (qualifiesAsHeader(mapping) && (best === undefined || mapping.fields.size > best.fields.size)) best = mapping;
  }
  return best;
}
