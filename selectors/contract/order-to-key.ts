/**
 * An approved order as the CRM/ERP is asked to book it: the contract between keying and every target's
 * clerk. Money is a decimal string with two places, never a float; the value date is the target's own
 * rule (its business date), so it is not here.
 */
export interface OrderToKey {
  externalRef: string;
  /** YYYY-MM-DD, or '' when the sheet gave none. */
  orderDate: string;
  customerId: string;
  productCode: string;
  /** "1234567.89" */
  amount: string;
  /** ISO 4217 code. */
  currency: string;
  termMonths: number;
  paymentMethod: string;
  salesRep: string;
  branch: string;
  notes: string;
}
