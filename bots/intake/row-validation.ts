import { FIELD_LABELS, type CanonicalField, type CanonicalOrder, type IdType, type RowError, type RowResult } from './canonical-order.ts';
import { cellScalar, isBlankCell, isCellError } from './cell-value.ts';
import type { HeaderMapping } from './header-row.ts';
import { normaliseValueText, type HeaderSynonyms } from './header-synonyms.ts';
import { amountToCents, formatAmountForDisplay, parseAmount } from './normalise-amount.ts';
import { parseCurrency } from './normalise-currency.ts';
import { parseDate } from './normalise-date.ts';
import { parseIdNumber, parseIdType } from './normalise-identity.ts';
import { parseTermMonths } from './normalise-term.ts';
import { parseText } from './normalise-text.ts';
import { isSuitable, parseCustomerRisk, parseProductRisk } from './risk-levels.ts';
import { rowError, showCell, simpleRowError } from './row-errors.ts';
import type { SheetRow } from './sheet-row.ts';

export interface RowValidatorOptions {
  header: HeaderMapping;
  synonyms: HeaderSynonyms;
  /** Largest allowed amount, canonical decimal ("100000000.00"). */
  maxAmount: string;
  /** The workbook counts serial dates from 1904. */
  date1904?: boolean;
}

/** Order references longer than this are not references. */
export const MAX_REF_LENGTH = 64;
/** Free-text limits in characters; longer is almost always a paste accident. */
export const MAX_TEXT_LENGTH = 200;
export const MAX_NOTES_LENGTH = 1_000;

type TextField = 'customerId' | 'customerName' | 'productCode' | 'paymentMethod' | 'salesRep' | 'branch' | 'creditGrade' | 'notes';
const REQUIRED_TEXT_FIELDS: readonly TextField[] = ['customerId', 'customerName', 'productCode', 'paymentMethod', 'salesRep', 'branch'];
const OPTIONAL_TEXT_FIELDS: readonly TextField[] = ['creditGrade', 'notes'];
const ID_LABELS: Readonly<Record<IdType, { zh: string; en: string }>> = {
  resident_id: { zh: '身份证号码', en: 'Resident ID number' },
  uscc: { zh: '统一社会信用代码', en: 'Unified social credit code' },
  passport: { zh: '护照号码', en: 'Passport number' },
};
const CONTROL_CHARS = /[\p{Cc}\p{Cf}]/u;

/**
 * Validates the data rows of one sheet, in order. Keeps the sheet's order references so that a later
 * row repeating an earlier row's reference is rejected ('duplicate_in_sheet'); the first stands, even
 * when it was itself rejected for another reason.
 */
export class RowValidator {
  private readonly columnOf = new Map<CanonicalField, number>();
  private readonly seenRefs = new Map<string, number>();
  private readonly maxAmountCents: bigint;
  private readonly maxAmountShown: string;

  constructor(private readonly options: RowValidatorOptions) {
    for (const { column, field } of options.header.columns) this.columnOf.set(field, column);
    const max = parseAmount(options.maxAmount);
    if (!max.ok) throw new Error(`maxAmount is not an amount: ${options.maxAmount}`);
    this.maxAmountCents = amountToCents(max.value);
    this.maxAmountShown = formatAmountForDisplay(max.value);
  }

  validate(sheetRow: SheetRow): RowResult {
    const order: Partial<CanonicalOrder> = {};
    const errors: RowError[] = [];
    const cell = (field: CanonicalField): unknown => {
      const column = this.columnOf.get(field);
      return column === undefined ? undefined : sheetRow.cells[column];
    };
    /** Error cells are reported once, as such, whatever the field. */
    const unreadable = (field: CanonicalField): boolean => {
      const value = cellScalar(cell(field));
      if (!isCellError(value)) return false;
      errors.push(simpleRowError(field, 'cell_error', value.error));
      return true;
    };

    // externalRef, then the in-sheet duplicate check
    if (!unreadable('externalRef')) {
      const ref = parseText(cell('externalRef'));
      if (!ref.ok) errors.push(simpleRowError('externalRef', ref.code));
      else if (ref.value.length > MAX_REF_LENGTH || CONTROL_CHARS.test(ref.value)) {
        errors.push(
          rowError(
            'externalRef',
            'ref_invalid',
            `订单编号含控制字符或超过 ${MAX_REF_LENGTH} 个字符`,
            `Order Ref contains control characters or is longer than ${MAX_REF_LENGTH} characters`,
          ),
        );
      } else {
        order.externalRef = ref.value;
        const firstRow = this.seenRefs.get(ref.value);
        if (firstRow === undefined) this.seenRefs.set(ref.value, sheetRow.row);
        else {
          errors.push(
            rowError(
              'externalRef',
              'duplicate_in_sheet',
              `订单编号 ${ref.value} 与本表第 ${firstRow} 行重复`,
              `Order Ref ${ref.value} repeats row ${firstRow} of this sheet`,
            ),
          );
        }
      }
    }

    if (!unreadable('orderDate')) {
      const date = parseDate(cell('orderDate'), { date1904: this.options.date1904 ?? false });
      if (date.ok) order.orderDate = date.value;
      else errors.push(simpleRowError('orderDate', date.code, showCell(cellScalar(cell('orderDate')))));
    }

    for (const field of REQUIRED_TEXT_FIELDS) this.text(field, cell(field), true, order, errors, unreadable);
    for (const field of OPTIONAL_TEXT_FIELDS) this.text(field, cell(field), false, order, errors, unreadable);
    // The firm's own wording ("银行转账") becomes the CRM's code; an unlisted method is left for the CRM to judge.
    if (order.paymentMethod !== undefined) {
      order.paymentMethod = this.options.synonyms.paymentMethods.get(normaliseValueText(order.paymentMethod)) ?? order.paymentMethod;
    }

    let idType: IdType | undefined;
    if (!unreadable('idType')) {
      const parsed = parseIdType(cell('idType'), this.options.synonyms);
      if (parsed.ok) order.idType = idType = parsed.value;
      else errors.push(simpleRowError('idType', parsed.code, showCell(cellScalar(cell('idType')))));
    }
    if (!unreadable('idNumber')) {
      const parsed = parseIdNumber(cell('idNumber'), idType);
      if (parsed.ok) order.idNumber = parsed.value;
      else {
        if (parsed.value !== undefined) order.idNumber = parsed.value;
        errors.push(this.idNumberError(parsed.code, idType));
      }
    }

    let productRisk: CanonicalOrder['productRisk'] | undefined;
    let customerRisk: CanonicalOrder['customerRisk'] | undefined;
    // Risk levels are claims review checks against the CRM: a sheet may leave them out, not write them wrong.
    if (!unreadable('productRisk') && !isBlankCell(cellScalar(cell('productRisk')))) {
      const parsed = parseProductRisk(cell('productRisk'), this.options.synonyms);
      if (parsed.ok) order.productRisk = productRisk = parsed.value;
      else errors.push(this.riskError('productRisk', parsed.code, cell('productRisk')));
    }
    if (!unreadable('customerRisk') && !isBlankCell(cellScalar(cell('customerRisk')))) {
      const parsed = parseCustomerRisk(cell('customerRisk'), this.options.synonyms);
      if (parsed.ok) order.customerRisk = customerRisk = parsed.value;
      else errors.push(this.riskError('customerRisk', parsed.code, cell('customerRisk')));
    }
    if (productRisk !== undefined && customerRisk !== undefined && !isSuitable(productRisk, customerRisk)) {
      errors.push(
        rowError(
          'productRisk',
          'suitability_mismatch',
          `产品风险等级 ${productRisk} 高于客户风险承受等级 ${customerRisk}`,
          `Product risk ${productRisk} exceeds the customer's risk tolerance ${customerRisk}`,
        ),
      );
    }

    let currency: string | undefined;
    if (!unreadable('currency')) {
      const parsed = parseCurrency(cell('currency'), this.options.synonyms);
      if (parsed.ok) order.currency = currency = parsed.value;
      else errors.push(simpleRowError('currency', parsed.code, showCell(cellScalar(cell('currency')))));
    }

    if (!unreadable('amount')) {
      const parsed = parseAmount(cell('amount'));
      if (!parsed.ok) errors.push(simpleRowError('amount', parsed.code, showCell(cellScalar(cell('amount')))));
      else {
        order.amount = parsed.value;
        const cents = amountToCents(parsed.value);
        if (cents <= 0n) errors.push(simpleRowError('amount', 'amount_not_positive', showCell(cellScalar(cell('amount')))));
        else if (cents > this.maxAmountCents) {
          errors.push(
            rowError(
              'amount',
              'amount_over_limit',
              `金额超过上限 ${this.maxAmountShown}`,
              `Amount exceeds the maximum of ${this.maxAmountShown}`,
            ),
          );
        }
        if (parsed.currencyHint !== undefined && currency !== undefined && parsed.currencyHint !== currency) {
          errors.push(
            rowError(
              'amount',
              'currency_mismatch',
              `金额标注的币种 ${parsed.currencyHint} 与币种 ${currency} 不一致`,
              `The amount is marked ${parsed.currencyHint} but the currency is ${currency}`,
            ),
          );
        }
      }
    }

    if (!unreadable('termMonths')) {
      const parsed = parseTermMonths(cell('termMonths'));
      if (parsed.ok) order.termMonths = parsed.value;
      else errors.push(simpleRowError('termMonths', parsed.code, showCell(cellScalar(cell('termMonths')))));
    }

    return { row: sheetRow.row, status: errors.length === 0 ? 'accepted' : 'rejected', order, errors };
  }

  private text(
    field: TextField,
    raw: unknown,
    required: boolean,
    order: Partial<CanonicalOrder>,
    errors: RowError[],
    unreadable: (field: CanonicalField) => boolean,
  ): void {
    if (unreadable(field)) return;
    const parsed = parseText(raw);
    if (!parsed.ok) {
      if (parsed.code !== 'required' || required) errors.push(simpleRowError(field, parsed.code, parsed.detail));
      return;
    }
    const limit = field === 'notes' ? MAX_NOTES_LENGTH : MAX_TEXT_LENGTH;
    if (parsed.value.length > limit) {
      const { zh, en } = FIELD_LABELS[field];
      errors.push(rowError(field, 'text_too_long', `${zh}超过 ${limit} 个字符`, `${en} is longer than ${limit} characters`));
      return;
    }
    order[field] = parsed.value;
  }

  private idNumberError(code: 'required' | 'id_format' | 'id_check_digit' | 'number_precision_lost' | 'cell_error', idType: IdType | undefined): RowError {
    if (code !== 'id_format' && code !== 'id_check_digit') return simpleRowError('idNumber', code);
    // Never echo the number itself: it is personal data and messages end up in mail and logs.
    const label = idType === undefined ? { zh: '证件号码', en: 'ID number' } : ID_LABELS[idType];
    if (code === 'id_check_digit') {
      return rowError('idNumber', code, `${label.zh}校验位错误`, `${label.en} has a wrong check digit`);
    }
    const shape =
      idType === 'resident_id'
        ? { zh: '（应为 18 位，含有效的地区码和出生日期）', en: ' (18 characters with a valid region code and birth date expected)' }
        : idType === 'uscc'
          ? { zh: '（应为 18 位数字或大写字母，不含 I、O、S、V、Z）', en: ' (18 digits or capital letters, no I, O, S, V, Z)' }
          : { zh: '（应为 5–17 位字母或数字）', en: ' (5–17 letters or digits expected)' };
    return rowError('idNumber', code, `${label.zh}格式不正确${shape.zh}`, `${label.en} is malformed${shape.en}`);
  }

  private riskError(field: 'productRisk' | 'customerRisk', code: 'required' | 'risk_level_invalid', raw: unknown): RowError {
    if (code === 'required') return simpleRowError(field, code);
    const range = field === 'productRisk' ? 'R1–R5' : 'C1–C5';
    const { zh, en } = FIELD_LABELS[field];
    const shown = showCell(cellScalar(raw)) ?? '';
    return rowError(field, code, `${zh}无法识别（应为 ${range}）：${shown}`, `${en} not recognised (${range} expected): ${shown}`);
  }
}
