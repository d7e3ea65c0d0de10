import { ErrorCode } from '../../core/errors/error-codes.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { headerSynonymsSchema, type HeaderSynonymsConfig } from '../../config/header-synonyms-schema.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { CanonicalField, CustomerRisk, IdType, ProductRisk } from './canonical-order.ts';

export const DEFAULT_HEADER_SYNONYMS_PATH = fileURLToPath(
  new URL('../../config/header-synonyms.yaml', import.meta.url),
);

/** The synonyms file compiled into lookup maps keyed by normalised text. */
export interface HeaderSynonyms {
  /** normaliseHeaderText(header) → canonical field */
  readonly headers: ReadonlyMap<string, CanonicalField>;
  /** normaliseValueText(value) → canonical value */
  readonly idTypes: ReadonlyMap<string, IdType>;
  readonly productRisks: ReadonlyMap<string, ProductRisk>;
  readonly customerRisks: ReadonlyMap<string, CustomerRisk>;
  readonly currencies: ReadonlyMap<string, string>;
  readonly paymentMethods: ReadonlyMap<string, string>;
}

/** A unit in brackets at the end of a header: "金额(元)", "Amount [CNY]", "期限【月】". */
const TRAILING_UNIT = /(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|〔[^〔〕]*〕)$/u;
const SPACE_AND_PUNCTUATION = /[\s\p{P}\p{S}]+/gu;
const SPACE_AND_PUNCTUATION_KEEP_SYMBOLS = /[\s\p{P}]+/gu;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/gu;

/**
 * The form headers are compared in: NFKC (full-width → half-width), lower case, a trailing unit in
 * brackets dropped, then spaces, punctuation and symbols removed. "（金额）" alone keeps its text.
 */
export function normaliseHeaderText(text: string): string {
  let value = text.normalize('NFKC').replace(INVISIBLE, '').trim().toLowerCase();
  const withoutUnit = value.replace(TRAILING_UNIT, '').trim();
  if (withoutUnit.replace(SPACE_AND_PUNCTUATION, '') !== '') value = withoutUnit;
  return value.replace(SPACE_AND_PUNCTUATION, '');
}

/** Like normaliseHeaderText but keeps symbols (¥, $, €), which carry meaning in values. */
export function normaliseValueText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().replace(SPACE_AND_PUNCTUATION_KEEP_SYMBOLS, '');
}

/** Compiles a parsed synonyms file; throws if a wording means two things or normalises to nothing. */
export function compileHeaderSynonyms(config: HeaderSynonymsConfig, source = 'header synonyms'): HeaderSynonyms {
  const headers = new Map<string, CanonicalField>();
  for (const [field, wordings] of Object.entries(config.fields) as [CanonicalField, string[]][]) {
    // The canonical name itself always matches, so a sheet exported by OrderDesk reads back.
    addAll(headers, [field, ...wordings], field, normaliseHeaderText, `fields.${field}`, source);
  }
  const idTypes = new Map<string, IdType>();
  for (const [value, wordings] of Object.entries(config.values.idType) as [IdType, string[]][]) {
    addAll(idTypes, [value, ...wordings], value, normaliseValueText, `values.idType.${value}`, source);
  }
  const productRisks = new Map<string, ProductRisk>();
  for (const [value, wordings] of Object.entries(config.values.productRisk) as [ProductRisk, string[]][]) {
    addAll(productRisks, wordings, value, normaliseValueText, `values.productRisk.${value}`, source);
  }
  const customerRisks = new Map<string, CustomerRisk>();
  for (const [value, wordings] of Object.entries(config.values.customerRisk) as [CustomerRisk, string[]][]) {
    addAll(customerRisks, wordings, value, normaliseValueText, `values.customerRisk.${value}`, source);
  }
  const currencies = new Map<string, string>();
  for (const [code, wordings] of Object.entries(config.values.currency)) {
    addAll(currencies, wordings, code, normaliseValueText, `values.currency.${code}`, source);
  }
  const paymentMethods = new Map<string, string>();
  for (const [code, wordings] of Object.entries(config.values.paymentMethod)) {
    addAll(paymentMethods, [code, ...wordings], code, normaliseValueText, `values.paymentMethod.${code}`, source);
  }
  return { headers, idTypes, productRisks, customerRisks, currencies, paymentMethods };
}

/**
 * Reads and checks config/header-synonyms.yaml (or `path`). Read afresh on each call so an edit by the
 * business takes effect on the next sheet; a broken file throws OrderDeskError ErrorCode.configInvalid with
 * one line naming the key.
 */
export function loadHeaderSynonyms(path: string = DEFAULT_HEADER_SYNONYMS_PATH): HeaderSynonyms {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw configError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw configError(`${path} is not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const result = headerSynonymsSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw configError(`${path}: ${key}: ${issue?.message ?? 'invalid'}`);
  }
  return compileHeaderSynonyms(result.data, path);
}

/** The canonical field a header cell names, if any. */
export function matchHeader(synonyms: HeaderSynonyms, header: string): CanonicalField | undefined {
  const key = normaliseHeaderText(header);
  return key === '' ? undefined : synonyms.headers.get(key);
}

function addAll<T extends string>(
  map: Map<string, T>,
  wordings: readonly string[],
  meaning: T,
  normalise: (text: string) => string,
  key: string,
  source: string,
): void {
  for (const wording of wordings) {
    const normalised = normalise(wording);
    if (normalised === '') throw configError(`${source}: ${key}: "${wording}" has no letters or digits to match on`);
    const existing = map.get(normalised);
    if (existing !== undefined && existing !== meaning) {
      throw configError(`${source}: ${key}: "${wording}" already means ${existing}`);
    }
    map.set(normalised, meaning);
  }
}

function configError(detail: string): OrderDeskError {
  return new OrderDeskError(ErrorCode.configInvalid, `config error: ${detail}`.replace(/\s*[\r\n]+\s*/g, ' '));
}
