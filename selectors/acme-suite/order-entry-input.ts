/** What the order-entry screens ask for, as the CRM wants it typed. */
export interface OrderEntryInput {
  customerId: string;
  productCode: string;
  /** As typed into the Amount box, e.g. "250000.00". */
  amount: string;
  /** CNY, USD or HKD. */
  currency: string;
  termMonths: number;
  /** An option's value (bank_transfer) or its label (Bank transfer). */
  paymentMethod: string;
  /** YYYY-MM-DD, not before the CRM's business date. */
  valueDate: string;
  externalRef: string;
  salesRep: string;
  /** Branch code (SH-PD) or its label. */
  branch: string;
  notes: string;
}
