import { describe, expect, it } from 'vitest';
import { readRefusal } from '../../../bots/keying/crm-refusal.ts';

describe('what a CRM refusal means for keying', () => {
  it('takes "already exists" for our own reference as the order being in the CRM', () => {
    expect(readRefusal(['An order with external reference PO-77 already exists: SO-2026-000012'], 'po-77')).toEqual({ kind: 'already_in_crm', crmOrderNo: 'SO-2026-000012' });
  });

  it('does not take another reference\'s duplicate as ours', () => {
    expect(readRefusal(['An order with external reference PO-770 already exists: SO-2026-000012'], 'PO-77').kind).toBe('business');
  });

  it('joins the business messages for the person who will look at the order', () => {
    expect(readRefusal(['Customer is blocked'], 'PO-1')).toEqual({ kind: 'business', message: 'Customer is blocked' });
    expect(readRefusal(['Amount exceeds the product limit of 5,000,000.00', 'Term is required'], 'PO-1')).toEqual({
      kind: 'business',
      message: 'Amount exceeds the product limit of 5,000,000.00; Term is required',
    });
    expect(readRefusal([' ', ''], 'PO-1')).toEqual({ kind: 'business', message: 'The CRM refused the order without a message' });
  });
});
