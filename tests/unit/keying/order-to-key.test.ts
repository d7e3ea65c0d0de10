import { describe, expect, it } from 'vitest';
import { orderToKey } from '../../../bots/keying/order-to-key.ts';
import { CRM_NOTES_MAX, notesFor, valueDateFor } from '../../../selectors/acme-suite/order-entry-rules.ts';

describe('value date a clerk would type', () => {
  it.each([
    ['2026-03-01', '2026-03-15', '2026-03-15'],
    ['2026-03-15', '2026-03-15', '2026-03-15'],
    ['2026-03-20', '2026-03-15', '2026-03-20'],
    ['', '2026-03-15', '2026-03-15'],
    ['not a date', '2026-03-15', '2026-03-15'],
    ['2027-01-01', '2026-12-31', '2027-01-01'],
  ])('order date %s, CRM business date %s -> %s', (orderDate, businessDate, expected) => {
    expect(valueDateFor(orderDate, businessDate)).toBe(expected);
  });

  it('refuses a business date it cannot read rather than typing nonsense', () => {
    expect(() => valueDateFor('2026-03-01', '15/03/2026')).toThrow(/business date/);
  });
});

describe('notes for the CRM box', () => {
  it('keeps short notes, trims blanks, cuts long ones with a mark', () => {
    expect(notesFor(undefined)).toBe('');
    expect(notesFor('  call first  ')).toBe('call first');
    const long = notesFor('x'.repeat(CRM_NOTES_MAX + 50));
    expect(long).toHaveLength(CRM_NOTES_MAX);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('reading the ledger order', () => {
  const stored = {
    externalRef: 'PO-1', orderDate: '2026-03-01', customerId: 'C000001', productCode: 'BD-R1-GOV', amount: '120000.00',
    currency: '', termMonths: 12, paymentMethod: 'bank_transfer', salesRep: 'Chen Jing', branch: 'BJ-CY',
  };

  it('fills in CNY for a blank currency and empty notes', () => {
    expect(orderToKey(stored)).toMatchObject({ currency: 'CNY', notes: '', termMonths: 12 });
  });

  it.each(['externalRef', 'customerId', 'productCode', 'amount', 'paymentMethod', 'salesRep', 'branch', 'termMonths'])('names a missing %s', (field) => {
    const broken: Record<string, unknown> = { ...stored };
    delete broken[field];
    expect(() => orderToKey(broken)).toThrow(field);
  });
});
