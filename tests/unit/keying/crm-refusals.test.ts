import { describe, expect, it } from 'vitest';
import { refusalMessage } from '../../../bots/keying/crm-refusal.ts';
import { orderAlreadyThere } from '../../../selectors/acme-suite/duplicate-reference.ts';

describe('what a CRM refusal means for keying', () => {
  it('takes the Acme suite\'s "already exists" for our own reference as the order being in the CRM', () => {
    expect(orderAlreadyThere(['An order with external reference PO-77 already exists: SO-2026-000012'], 'po-77')).toBe('SO-2026-000012');
  });

  it('does not take another reference\'s duplicate as ours', () => {
    expect(orderAlreadyThere(['An order with external reference PO-770 already exists: SO-2026-000012'], 'PO-77')).toBeUndefined();
    expect(orderAlreadyThere(['Customer is blocked'], 'PO-1')).toBeUndefined();
  });

  it('joins the business messages for the person who will look at the order', () => {
    expect(refusalMessage(['Customer is blocked'])).toBe('Customer is blocked');
    expect(refusalMessage(['Amount exceeds the product limit of 5,000,000.00', 'Term is required'])).toBe('Amount exceeds the product limit of 5,000,000.00; Term is required');
    expect(refusalMessage([' ', ''])).toBe('The CRM refused the order without a message');
  });
});
