/** One invoice as the ERP shows it; money as decimal strings, never floats. */
export interface Receivable {
  invoiceNo: string;
  customerId: string;
  customerName: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  amount: string;
  paid: string;
  outstanding: string;
  daysOverdue: number;
  status: string;
  disputed: boolean;
  /** Date the customer promised to pay by, or '' when no promise stands. */
  promisedToPay: string;
}

export interface CustomerContact {
  customerId: string;
  name: string;
  email?: string;
  language: 'zh' | 'en';
  accountManager?: string;
}

/** Whether money is still owed: a positive outstanding amount. */
export function isOutstanding(invoice: Pick<Receivable, 'outstanding'>): boolean {
  return /^\d+(\.\d+)?$/.test(invoice.outstanding) && !/^0+(\.0+)?$/.test(invoice.outstanding);
}
