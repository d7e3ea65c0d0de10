import type { CustomerContact, Receivable } from './receivable.ts';

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
