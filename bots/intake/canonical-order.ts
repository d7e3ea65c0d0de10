/**
 * The order as OrderDesk understands it, whatever the sheet's own column names were.
 * Header synonyms (config/header-synonyms.yaml) map a sheet's columns onto these fields.
 */

export type IdType = 'resident_id' | 'uscc' | 'passport';
export type ProductRisk = 'R1' | 'R2' | 'R3' | 'R4' | 'R5';
export type CustomerRisk = 'C1' | 'C2' | 'C3' | 'C4' | 'C5';

export interface CanonicalOrder {
  externalRef: string;
  /** YYYY-MM-DD */
  orderDate: string;
  customerId: string;
  customerName: string;
  idType: IdType;
  idNumber: string;
  productCode: string;
  /** Claims, absent when the sheet has no such column: the CRM's product risk and customer tolerance decide (review reads them). */
  productRisk: ProductRisk;
  customerRisk: CustomerRisk;
  /** "1234567.89": a decimal string with exactly two places, never a float. */
  amount: string;
  /** ISO 4217 code, 'CNY' when the sheet has no currency column or leaves it blank. */
  currency: string;
  termMonths: number;
  paymentMethod: string;
  salesRep: string;
  branch: string;
  creditGrade?: string;
  notes?: string;
}

export type CanonicalField = keyof CanonicalOrder;

/** Every canonical field, in the order a receipt lists them. */
export const CANONICAL_FIELDS = [
  'externalRef',
  'orderDate',
  'customerId',
  'customerName',
  'idType',
  'idNumber',
  'productCode',
  'productRisk',
  'customerRisk',
  'amount',
  'currency',
  'termMonths',
  'paymentMethod',
  'salesRep',
  'branch',
  'creditGrade',
  'notes',
] as const satisfies readonly CanonicalField[];

/** Fields whose column must be present and whose value must be filled in on every row. */
export const REQUIRED_FIELDS: readonly CanonicalField[] = CANONICAL_FIELDS.filter(
  // Grades and risk levels are the CRM's to say (review reads them there); a sheet's are only claims.
  (field) => field !== 'currency' && field !== 'creditGrade' && field !== 'notes' && field !== 'productRisk' && field !== 'customerRisk',
);

/** Display names for messages, Chinese and English. */
export const FIELD_LABELS: Readonly<Record<CanonicalField, { zh: string; en: string }>> = {
  externalRef: { zh: '订单编号', en: 'Order Ref' },
  orderDate: { zh: '下单日期', en: 'Order Date' },
  customerId: { zh: '客户编号', en: 'Customer ID' },
  customerName: { zh: '客户名称', en: 'Customer Name' },
  idType: { zh: '证件类型', en: 'ID Type' },
  idNumber: { zh: '证件号码', en: 'ID Number' },
  productCode: { zh: '产品代码', en: 'Product Code' },
  productRisk: { zh: '产品风险等级', en: 'Product Risk' },
  customerRisk: { zh: '客户风险承受等级', en: 'Customer Risk' },
  amount: { zh: '金额', en: 'Amount' },
  currency: { zh: '币种', en: 'Currency' },
  termMonths: { zh: '期限', en: 'Term' },
  paymentMethod: { zh: '支付方式', en: 'Payment Method' },
  salesRep: { zh: '客户经理', en: 'Sales Rep' },
  branch: { zh: '网点', en: 'Branch' },
  creditGrade: { zh: '信用等级', en: 'Credit Grade' },
  notes: { zh: '备注', en: 'Notes' },
};

export interface RowError {
  /** The canonical field the error is about. */
  field: string;
  /** Stable snake_case code; see ROW_ERROR_CODES. */
  code: string;
  /** "中文 / English", one line. */
  message: string;
}

export interface RowResult {
  /** The row number as Excel shows it (1-based, counting title rows); for csv the line number. */
  row: number;
  status: 'accepted' | 'rejected';
  /** The normalised values that could be read; complete when accepted. */
  order: Partial<CanonicalOrder>;
  errors: RowError[];
}
