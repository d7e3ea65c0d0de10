import { describe, expect, it } from 'vitest';
import type { CanonicalField } from '../../../bots/intake/canonical-order.ts';
import { mapHeaderRow } from '../../../bots/intake/header-row.ts';
import { loadHeaderSynonyms } from '../../../bots/intake/header-synonyms.ts';
import { ROW_ERROR_CODES } from '../../../bots/intake/row-errors.ts';
import { RowValidator } from '../../../bots/intake/row-validation.ts';
import { CHINESE_HEADERS } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { SAMPLE_FIELDS } from '../../../fixtures/sample-sheets/sample-orders.ts';
import { expectBilingualOneLine } from './helpers.ts';

const synonyms = loadHeaderSynonyms();
const header = mapHeaderRow({ row: 1, cells: [undefined, ...SAMPLE_FIELDS.map((f) => CHINESE_HEADERS[f])] }, synonyms);

const GOOD: Record<CanonicalField, unknown> = {
  externalRef: 'SO-2026-0001',
  orderDate: '2026-11-03',
  customerId: 'C100001',
  customerName: '张三',
  idType: '居民身份证',
  idNumber: '11010519491231002X',
  productCode: 'PF1001',
  productRisk: 'R3',
  customerRisk: 'C4',
  amount: '¥1,234,567.89',
  currency: '',
  termMonths: '12个月',
  paymentMethod: '银行转账',
  salesRep: '李四',
  branch: '北京分行营业部',
  creditGrade: 'AA',
  notes: '',
};

let nextRow = 2;
function validate(overrides: Partial<Record<CanonicalField, unknown>> = {}, validator = new RowValidator({ header, synonyms, maxAmount: '100000000.00' })) {
  const values = { ...GOOD, ...overrides };
  return validator.validate({ row: nextRow++, cells: [undefined, ...SAMPLE_FIELDS.map((f) => values[f])] });
}

function codesOf(overrides: Partial<Record<CanonicalField, unknown>>): string[] {
  return validate(overrides).errors.map((e) => `${e.field}:${e.code}`);
}

describe('RowValidator', () => {
  it('accepts a good row and normalises every field', () => {
    const result = validate();
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('accepted');
    expect(result.order).toEqual({
      externalRef: 'SO-2026-0001',
      orderDate: '2026-11-03',
      customerId: 'C100001',
      customerName: '张三',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      productCode: 'PF1001',
      productRisk: 'R3',
      customerRisk: 'C4',
      amount: '1234567.89',
      currency: 'CNY',
      termMonths: 12,
      paymentMethod: 'bank_transfer',
      salesRep: '李四',
      branch: '北京分行营业部',
      creditGrade: 'AA',
    });
  });

  it.each([
    ['银行转账', 'bank_transfer'],
    ['Bank Transfer', 'bank_transfer'],
    ['bank_transfer', 'bank_transfer'],
    ['银联代扣', 'direct_debit'],
    ['柜台缴款', 'cash'],
    ['第三方支付', '第三方支付'],
  ])('writes payment method %s as the CRM code %s (unlisted ones pass through for the CRM to judge)', (written, code) => {
    expect(validate({ paymentMethod: written }).order.paymentMethod).toBe(code);
  });

  it('NFKC-normalises and trims text, upper-cases id numbers', () => {
    const result = validate({ customerName: '  ＡＢＣ　公司 ', idNumber: ' 11010519491231002x ', productCode: 'ＰＦ１００１' });
    expect(result.order.customerName).toBe('ABC 公司');
    expect(result.order.idNumber).toBe('11010519491231002X');
    expect(result.order.productCode).toBe('PF1001');
  });

  it.each<[Partial<Record<CanonicalField, unknown>>, string[]]>([
    [{ externalRef: '' }, ['externalRef:required']],
    [{ customerName: '   ' }, ['customerName:required']],
    [{ branch: undefined, salesRep: null }, ['salesRep:required', 'branch:required']],
    [{ externalRef: 'X'.repeat(65) }, ['externalRef:ref_invalid']],
    [{ externalRef: 'SO\u0007' }, ['externalRef:ref_invalid']],
    [{ customerName: '名'.repeat(201) }, ['customerName:text_too_long']],
    [{ notes: '注'.repeat(1001) }, ['notes:text_too_long']],
    [{ orderDate: '2026-02-30' }, ['orderDate:date_invalid']],
    [{ orderDate: '' }, ['orderDate:required']],
    [{ amount: 'abc' }, ['amount:amount_invalid']],
    [{ amount: '1234.567' }, ['amount:amount_precision']],
    [{ amount: '0' }, ['amount:amount_not_positive']],
    [{ amount: -5 }, ['amount:amount_not_positive']],
    [{ amount: '100000000.01' }, ['amount:amount_over_limit']],
    [{ amount: '' }, ['amount:required']],
    [{ amount: 'USD 100' }, ['amount:currency_mismatch']],
    [{ currency: 'Dollars' }, ['currency:currency_invalid']],
    [{ termMonths: 0 }, ['termMonths:term_invalid']],
    [{ termMonths: 6.5 }, ['termMonths:term_invalid']],
    [{ termMonths: '十二个月' }, ['termMonths:term_invalid']],
    [{ idType: '驾驶证' }, ['idType:id_type_invalid']],
    [{ idNumber: '110105194912310021' }, ['idNumber:id_check_digit']],
    [{ idNumber: '1101051949123' }, ['idNumber:id_format']],
    [{ idNumber: Number('110105194912310021') }, ['idNumber:number_precision_lost']],
    [{ idType: '营业执照', idNumber: '91350100M000100Y44' }, ['idNumber:id_check_digit']],
    [{ idType: '营业执照', idNumber: '9135010OM000100Y43' }, ['idNumber:id_format']],
    [{ idType: '营业执照', idNumber: '11010519491231002X' }, ['idNumber:id_check_digit']], // USCC-shaped
    [{ idType: '护照', idNumber: 'E12' }, ['idNumber:id_format']],
    [{ productRisk: 'R6' }, ['productRisk:risk_level_invalid']],
    [{ customerRisk: 'high' }, ['customerRisk:risk_level_invalid']],
    [{ productRisk: 'R4', customerRisk: 'C3' }, ['productRisk:suitability_mismatch']],
    [{ productRisk: '高风险', customerRisk: 'C3（平衡型）' }, ['productRisk:suitability_mismatch']],
    [{ amount: { error: '#N/A' } }, ['amount:cell_error']],
    [{ notes: { error: '#REF!' } }, ['notes:cell_error']],
    [{ customerId: { formula: 'A1', result: { error: '#DIV/0!' } } }, ['customerId:cell_error']],
    [{ externalRef: Number('12345678901234567890') }, ['externalRef:number_precision_lost']],
  ])('%j → %j', (overrides, expected) => {
    expect(codesOf(overrides)).toEqual(expected);
  });

  it('accepts what people type for ids, risks, terms and currencies', () => {
    const result = validate({
      idType: 'Business License',
      idNumber: '91350100M000100Y43',
      productRisk: 'r2',
      customerRisk: 3,
      termMonths: '1年',
      currency: '人民币',
      amount: 'RMB 12.5万',
      orderDate: 46329,
      customerId: 100001,
    });
    expect(result.errors).toEqual([]);
    expect(result.order).toMatchObject({
      idType: 'uscc',
      productRisk: 'R2',
      customerRisk: 'C3',
      termMonths: 12,
      currency: 'CNY',
      amount: '125000.00',
      orderDate: '2026-11-03',
      customerId: '100001',
    });
  });

  it('keeps readable values of a rejected row', () => {
    const result = validate({ amount: '200000000', idNumber: '110105194912310021', orderDate: 'soon' });
    expect(result.status).toBe('rejected');
    expect(result.order.amount).toBe('200000000.00');
    expect(result.order.idNumber).toBe('110105194912310021');
    expect(result.order.orderDate).toBeUndefined();
  });

  it('rejects a later row repeating an earlier reference; the first stands', () => {
    const validator = new RowValidator({ header, synonyms, maxAmount: '100000000.00' });
    const first = validate({ externalRef: 'SO-DUP' }, validator);
    const second = validate({ externalRef: 'SO-DUP' }, validator);
    const third = validate({ externalRef: 'SO-OTHER' }, validator);
    expect(first.status).toBe('accepted');
    expect(second.status).toBe('rejected');
    expect(second.errors).toEqual([
      { field: 'externalRef', code: 'duplicate_in_sheet', message: `订单编号 SO-DUP 与本表第 ${first.row} 行重复 / Order Ref SO-DUP repeats row ${first.row} of this sheet` },
    ]);
    expect(third.status).toBe('accepted');
  });

  it('counts a reference from a rejected row as taken', () => {
    const validator = new RowValidator({ header, synonyms, maxAmount: '100000000.00' });
    expect(validate({ externalRef: 'SO-R', amount: 'x' }, validator).status).toBe('rejected');
    expect(validate({ externalRef: 'SO-R' }, validator).errors.map((e) => e.code)).toEqual(['duplicate_in_sheet']);
  });

  it('honours a lower maxAmount and shows it in the message', () => {
    const validator = new RowValidator({ header, synonyms, maxAmount: '50000' });
    const result = validate({ amount: 50_000.01, externalRef: 'SO-L1' }, validator);
    expect(result.errors).toEqual([
      { field: 'amount', code: 'amount_over_limit', message: '金额超过上限 50,000.00 / Amount exceeds the maximum of 50,000.00' },
    ]);
    expect(validate({ amount: 50_000, externalRef: 'SO-L2' }, validator).status).toBe('accepted');
  });

  it('uses the message the brief gives for the default limit', () => {
    expect(validate({ amount: '100,000,000.01' }).errors[0]?.message).toBe(
      '金额超过上限 100,000,000.00 / Amount exceeds the maximum of 100,000,000.00',
    );
  });

  it('writes every error as one bilingual line with a known code, and never echoes id numbers', () => {
    const result = validate({
      externalRef: '',
      orderDate: 'x',
      idNumber: '110105194912310021',
      amount: '-1',
      termMonths: 'x',
      productRisk: 'R5',
      customerRisk: 'C1',
      currency: 'xx',
      notes: { error: '#N/A' },
    });
    expect(result.errors.length).toBeGreaterThanOrEqual(8);
    for (const error of result.errors) {
      expect(ROW_ERROR_CODES).toContain(error.code);
      expectBilingualOneLine(error.message);
      expect(error.message).not.toContain('110105194912310021');
    }
  });

  it('treats a missing currency column as CNY', () => {
    const noCurrency = mapHeaderRow({ row: 1, cells: [undefined, ...SAMPLE_FIELDS.filter((f) => f !== 'currency').map((f) => CHINESE_HEADERS[f])] }, synonyms);
    const validator = new RowValidator({ header: noCurrency, synonyms, maxAmount: '100000000.00' });
    const values = { ...GOOD };
    const result = validator.validate({ row: 9, cells: [undefined, ...SAMPLE_FIELDS.filter((f) => f !== 'currency').map((f) => values[f])] });
    expect(result.errors).toEqual([]);
    expect(result.order.currency).toBe('CNY');
  });
});
