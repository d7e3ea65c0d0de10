import { describe, expect, it } from 'vitest';
import { compareClaims } from '../../../bots/review/claim-comparison.ts';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import type { CustomerFacts, ProductFacts } from '../../../selectors/contract/crm-facts.ts';

const customer: CustomerFacts = {
  customerId: 'C000001',
  name: '王伟',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  blocked: false,
  riskTolerance: 'C1',
  creditGrade: 'CCC',
  email: 'c000001@customers.example',
  language: 'zh',
  accountManager: '陈晓东',
  branch: undefined,
};
const product: ProductFacts = { productCode: 'FD-R3-BAL', name: 'Acme Balanced Fund', onSale: true, riskLevel: 'R3', minAmount: '1000.00', maxAmount: '2000000.00', termsMonths: [12], currencies: ['CNY'] };
const claims: Partial<CanonicalOrder> = { customerId: 'C000001', customerName: '王伟', idType: 'resident_id', idNumber: '11010519491231002X' };

describe('sheet claims against the CRM', () => {
  it('finds no difference when the sheet claims nothing the CRM contradicts', () => {
    expect(compareClaims(claims, customer, product)).toEqual({ identity: [], differences: [] });
  });

  it('treats a claim the sheet leaves out as no claim', () => {
    expect(compareClaims({ customerId: 'C000001' }, customer, product)).toEqual({ identity: [], differences: [] });
  });

  it('says what the sheet says and what the CRM says, in Chinese and English', () => {
    const { differences } = compareClaims({ ...claims, creditGrade: 'AAA', customerRisk: 'C5', productRisk: 'R1' }, customer, product);
    expect(differences.map((d) => [d.field, d.sheet, d.crm])).toEqual([
      ['creditGrade', 'AAA', 'CCC'],
      ['customerRisk', 'C5', 'C1'],
      ['productRisk', 'R1', 'R3'],
    ]);
    expect(differences[0]?.message).toBe('信用等级：表格为 AAA，CRM 为 CCC / credit grade: sheet says AAA, CRM says CCC');
  });

  it('reads a grade written in full width or lower case as the same grade', () => {
    expect(compareClaims({ ...claims, creditGrade: 'ｃｃｃ' }, customer, product).differences).toEqual([]);
  });

  it('compares names ignoring width, case and spacing', () => {
    expect(compareClaims({ ...claims, customerName: ' 王伟 ' }, customer, product).identity).toEqual([]);
    const company = { ...customer, name: 'Acme Trading Ltd' };
    expect(compareClaims({ ...claims, customerName: 'ACME  trading LTD' }, company, product).identity).toEqual([]);
  });

  it('finds a wrong name, ID type or ID number as an identity mismatch', () => {
    const { identity } = compareClaims({ ...claims, customerName: '王伟强', idType: 'passport', idNumber: '110105194912310021' }, customer, product);
    expect(identity.map((d) => d.field)).toEqual(['customerName', 'idType', 'idNumber']);
    expect(identity[2]?.message).toBe('证件号码：表格为 110105194912310021，CRM 为 11010519491231002X / ID number: sheet says 110105194912310021, CRM says 11010519491231002X');
  });

  it('accepts a lower-case check character in the ID number', () => {
    expect(compareClaims({ ...claims, idNumber: '11010519491231002x' }, customer, product).identity).toEqual([]);
  });

  it('shows a grade the CRM does not keep as none', () => {
    const { differences } = compareClaims({ ...claims, creditGrade: 'A' }, { ...customer, creditGrade: undefined }, product);
    expect(differences[0]?.message).toBe('信用等级：表格为 A，CRM 为 (无) / credit grade: sheet says A, CRM says (none)');
  });
});
