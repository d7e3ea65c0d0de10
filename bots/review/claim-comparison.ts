import type { CustomerFacts, ProductFacts } from '../../selectors/contract/crm-facts.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';

/** A field where the sheet's claim and the CRM's record differ; the CRM's value is the one used. */
export interface ClaimDifference {
  field: 'customerName' | 'idType' | 'idNumber' | 'creditGrade' | 'customerRisk' | 'productRisk';
  sheet: string;
  crm: string;
  /** "信用等级：表格为 AAA，CRM 为 CCC / credit grade: sheet says AAA, CRM says CCC" */
  message: string;
}

export interface ClaimComparison {
  /** Name, ID type or ID number not the CRM's for that customer id: the row is refused before any approval. */
  identity: ClaimDifference[];
  /** Grade and risk claims the CRM contradicts: the order goes on with the CRM's values, the difference shown. */
  differences: ClaimDifference[];
}

const LABELS: Record<ClaimDifference['field'], { zh: string; en: string }> = {
  customerName: { zh: '客户名称', en: 'customer name' },
  idType: { zh: '证件类型', en: 'ID type' },
  idNumber: { zh: '证件号码', en: 'ID number' },
  creditGrade: { zh: '信用等级', en: 'credit grade' },
  customerRisk: { zh: '客户风险承受等级', en: 'customer risk tolerance' },
  productRisk: { zh: '产品风险等级', en: 'product risk' },
};

export function differenceMessage(field: ClaimDifference['field'], sheet: string, crm: string): string {
  const label = LABELS[field];
  const crmShown = crm === '' ? '(无)' : crm;
  return `${label.zh}：表格为 ${sheet}，CRM 为 ${crmShown} / ${label.en}: sheet says ${sheet}, CRM says ${crm === '' ? '(none)' : crm}`;
}

/** Names compare ignoring width, case and spacing: "王 伟" is "王伟", "ACME LTD" is "Acme Ltd". */
function sameText(a: string, b: string): boolean {
  const n = (s: string): string => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return n(a) === n(b);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * The sheet's claims against the CRM's record. A claim the sheet leaves out is no claim: a sheet without
 * grade or risk columns differs in nothing, and its orders are decided on the CRM's values alone.
 */
export function compareClaims(order: Partial<CanonicalOrder>, customer: CustomerFacts, product: ProductFacts): ClaimComparison {
  const identity: ClaimDifference[] = [];
  const differences: ClaimDifference[] = [];
  const push = (list: ClaimDifference[], field: ClaimDifference['field'], sheet: string, crm: string): void => {
    list.push({ field, sheet, crm, message: differenceMessage(field, sheet, crm) });
  };
  const name = text(order.customerName);
  if (name !== '' && !sameText(name, customer.name)) push(identity, 'customerName', name, customer.name);
  const idType = text(order.idType);
  if (idType !== '' && customer.idType !== 'other' && idType !== customer.idType) push(identity, 'idType', idType, customer.idType);
  const idNumber = text(order.idNumber).normalize('NFKC').toUpperCase();
  if (idNumber !== '' && idNumber !== customer.idNumber.trim().toUpperCase()) push(identity, 'idNumber', idNumber, customer.idNumber);

  const grade = text(order.creditGrade).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (grade !== '' && grade !== (customer.creditGrade ?? '')) push(differences, 'creditGrade', grade, customer.creditGrade ?? '');
  const tolerance = text(order.customerRisk).toUpperCase();
  if (tolerance !== '' && tolerance !== (customer.riskTolerance ?? '')) push(differences, 'customerRisk', tolerance, customer.riskTolerance ?? '');
  const risk = text(order.productRisk).toUpperCase();
  if (risk !== '' && risk !== (product.riskLevel ?? '')) push(differences, 'productRisk', risk, product.riskLevel ?? '');
  return { identity, differences };
}
