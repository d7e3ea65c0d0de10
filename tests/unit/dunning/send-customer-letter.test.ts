import { describe, expect, it } from 'vitest';
import { policyNamesAccountManagers } from '../../../bots/dunning/send-customer-letter.ts';

describe('policyNamesAccountManagers', () => {
  it('needs the customer screen only when some manager other than the default is named', () => {
    expect(policyNamesAccountManagers({ accountManagers: {} })).toBe(false);
    expect(policyNamesAccountManagers({ accountManagers: { default: 'sales.manager@acme-finance.example' } })).toBe(false);
    expect(policyNamesAccountManagers({ accountManagers: { default: 'sales.manager@acme-finance.example', 'Li Na': 'li.na@acme-finance.example' } })).toBe(true);
    expect(policyNamesAccountManagers({ accountManagers: { 'Li Na': 'li.na@acme-finance.example' } })).toBe(true);
  });
});
