import type { CanonicalOrder } from '../intake/canonical-order.ts';

/** The order fields keying needs, from the ledger's canonical order; the value date is decided at keying time. */
export type OrderToKey = Pick<
  CanonicalOrder,
  'externalRef' | 'orderDate' | 'customerId' | 'productCode' | 'amount' | 'currency' | 'termMonths' | 'paymentMethod' | 'salesRep' | 'branch' | 'notes'
>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The value date a clerk would type: the order date when it is still ahead, otherwise the CRM's own
 * business date (the CRM refuses value dates in the past, and approval can take days).
 */
export function valueDateFor(orderDate: string, businessDate: string): string {
  if (!ISO_DATE.test(businessDate)) throw new Error(`CRM business date "${businessDate}" is not YYYY-MM-DD`);
  return ISO_DATE.test(orderDate) && orderDate > businessDate ? orderDate : businessDate;
}

/** Notes longer than the CRM's box are cut, with a visible mark, rather than refused. */
export const CRM_NOTES_MAX = 500;

export function notesFor(notes: string | undefined): string {
  const text = (notes ?? '').trim();
  return text.length <= CRM_NOTES_MAX ? text : `${text.slice(0, CRM_NOTES_MAX - 1)}…`;
}

/** Reads what keying needs out of a ledger record's order (stored as JSON), failing clearly on gaps. */
export function orderToKey(stored: Record<string, unknown>): OrderToKey {
  const text = (key: string): string => {
    const value = stored[key];
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`ledger order has no ${key}`);
    return value.trim();
  };
  const term = Number(stored['termMonths']);
  if (!Number.isInteger(term) || term <= 0) throw new Error('ledger order has no termMonths');
  const notes = stored['notes'];
  return {
    externalRef: text('externalRef'),
    orderDate: typeof stored['orderDate'] === 'string' ? stored['orderDate'] : '',
    customerId: text('customerId'),
    productCode: text('productCode'),
    amount: text('amount'),
    currency: typeof stored['currency'] === 'string' && stored['currency'] !== '' ? stored['currency'] : 'CNY',
    termMonths: term,
    paymentMethod: text('paymentMethod'),
    salesRep: text('salesRep'),
    branch: text('branch'),
    notes: typeof notes === 'string' ? notes : '',
  };
}
