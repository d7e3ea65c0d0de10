export type {
  CanonicalField,
  CanonicalOrder,
  CustomerRisk,
  IdType,
  ProductRisk,
  RowError,
  RowResult,
} from './canonical-order.ts';
export { CANONICAL_FIELDS, FIELD_LABELS, REQUIRED_FIELDS } from './canonical-order.ts';
export { DEFAULT_INTAKE_LIMITS, type IntakeLimits } from './intake-limits.ts';
export { SheetRefusal, type SheetRefusalCode } from './sheet-refusal.ts';
export { ROW_ERROR_CODES, type RowErrorCode } from './row-errors.ts';
export { readOrderSheet, type ReadOrderSheetOptions } from './read-order-sheet.ts';
export type { SheetInput } from './sheet-source.ts';
export {
  DEFAULT_HEADER_SYNONYMS_PATH,
  compileHeaderSynonyms,
  loadHeaderSynonyms,
  type HeaderSynonyms,
} from './header-synonyms.ts';
export { isValidPassport, isValidResidentId, isValidUscc } from './identity-numbers.ts';
export { normaliseAmount, parseAmount, type AmountParse } from './normalise-amount.ts';
export { normaliseDate, parseDate, type DateParse } from './normalise-date.ts';
