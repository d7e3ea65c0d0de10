/**
 * A cell's value reduced to what a person sees, without evaluating anything: formulas give their
 * cached result, rich text its plain text, hyperlinks their text. Error cells (#N/A, #REF!…) stay
 * recognisable so validation can say so.
 */
export type CellScalar = string | number | boolean | Date | CellErrorValue | undefined;

export interface CellErrorValue {
  readonly error: string;
}

export function isCellError(value: unknown): value is CellErrorValue {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && typeof (value as { error?: unknown }).error === 'string';
}

/** Nesting deeper than this is not something Excel writes; treat it as unreadable. */
const MAX_DEPTH = 4;

export function cellScalar(value: unknown, depth = 0): CellScalar {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : { error: '#NUM!' };
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return { error: '#VALUE!' };
  const object = value as Record<string, unknown>;
  if (typeof object.error === 'string') return { error: object.error };
  if (Array.isArray(object.richText)) {
    let text = '';
    for (const run of object.richText as unknown[]) {
      const part = (run as { text?: unknown } | null)?.text;
      if (typeof part === 'string') text += part;
    }
    return text;
  }
  // Formula and shared-formula cells: only the cached result counts; no result means nothing to read.
  if ('formula' in object || 'sharedFormula' in object) return cellScalar(object.result, depth + 1);
  // Hyperlink cells show their text.
  if ('hyperlink' in object || 'text' in object) return cellScalar(object.text, depth + 1);
  return { error: '#VALUE!' };
}

/** True when the cell holds nothing a person would call a value. */
export function isBlankCell(value: CellScalar): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string') return value.replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, '') === '';
  return false;
}
