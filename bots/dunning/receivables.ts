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

/**
 * What the dunning bot needs from the ERP, whichever ERP it is. A target (selectors/<target>/) provides it
 * through its screens.
 */
export interface ReceivablesSource {
  /** All invoices in one read: the ERP's own export where it has one (an "Export to Excel"), else its lists. */
  exportedInvoices(): Promise<Receivable[]>;
  /** All invoices by paging through the list: the fallback when the export fails. */
  listInvoices(): Promise<Receivable[]>;
  /** The customer's contact details and their open invoices as of now (the re-read before a letter). */
  statementOf(customerId: string): Promise<{ contact: CustomerContact; open: Receivable[] }>;
  /** The customer's account manager, for letters that copy them. */
  accountManagerOf(customerId: string): Promise<string | undefined>;
}

/** Whether money is still owed: a positive outstanding amount. */
export function isOutstanding(invoice: Pick<Receivable, 'outstanding'>): boolean {
  return /^\d+(\.\d+)?$/.test(invoice.outstanding) && !/^0+(\.0+)?$/.test(invoice.outstanding);
}
