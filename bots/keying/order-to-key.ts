import type { OrderToKey } from '../../selectors/contract/order-to-key.ts';

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
