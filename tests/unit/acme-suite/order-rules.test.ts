import { describe, expect, it } from 'vitest';
import {
  validateCustomerStep,
  validateProductStep,
  validateTermsStep,
  validateWholeOrder,
} from '../../../fixtures/acme-suite/domain/order-rules.ts';
import { emptyWizardData, type WizardData } from '../../../fixtures/acme-suite/state/session-store.ts';
import { SuiteStore } from '../../../fixtures/acme-suite/state/suite-store.ts';

const TODAY = '2026-03-15';
const store = new SuiteStore({ seed: 3, today: () => TODAY });
const customers = store.customers();
const blocked = customers.find((c) => c.blocked);
const cautious = customers.find((c) => !c.blocked && c.riskTolerance === 'C2');
const bold = customers.find((c) => !c.blocked && c.riskTolerance === 'C5');
if (!blocked || !cautious || !bold) throw new Error('seed 3 lacks the customers these tests need');

function order(overrides: Partial<WizardData> = {}): WizardData {
  return {
    ...emptyWizardData(),
    customerId: bold?.id ?? '',
    productCode: 'WM-R2-180',
    amount: '250,000.00',
    currency: 'CNY',
    termMonths: '6',
    paymentMethod: 'bank_transfer',
    valueDate: TODAY,
    externalRef: 'PO-2026-0001',
    salesRep: 'Zhang Wei',
    branch: 'SH-PD',
    ...overrides,
  };
}

describe('order entry rules', () => {
  it('step 1: requires a known customer that is not blocked', () => {
    expect(validateCustomerStep(order({ customerId: '' }), store).errors.customerId).toBe('Customer ID is required');
    expect(validateCustomerStep(order({ customerId: 'C999999' }), store).errors.customerId).toBe('Unknown customer C999999');
    expect(validateCustomerStep(order({ customerId: blocked.id }), store).errors.customerId).toBe('Customer is blocked');
    const ok = validateCustomerStep(order({ customerId: ` ${bold.id.toLowerCase()} ` }), store);
    expect(ok.errors).toEqual({});
    expect(ok.customer?.id).toBe(bold.id);
  });

  it('step 2: enforces product limits, amount format and suitability', () => {
    const check = (overrides: Partial<WizardData>, customer = bold) => validateProductStep(order(overrides), customer, store).errors;
    expect(check({})).toEqual({});
    expect(check({ amount: '6,000,000.00' }).amount).toBe('Amount exceeds the product limit of 5,000,000.00');
    expect(check({ amount: '49999.99' }).amount).toBe('Amount is below the product minimum of 50,000.00');
    expect(check({ amount: '' }).amount).toBe('Amount is required');
    expect(check({ amount: '12.345' }).amount).toMatch(/at most 2 decimals/);
    expect(check({ productCode: '' }).productCode).toBe('Product is required');
    expect(check({ productCode: 'XX-R1-000' }).productCode).toBe('Unknown product XX-R1-000');
    expect(check({ currency: 'EUR' }).currency).toBe('Currency EUR is not supported');
    expect(check({ productCode: 'FD-R4-TEC', amount: '10000' }, cautious).productCode).toBe(
      'Product risk R4 exceeds customer risk tolerance C2',
    );
  });

  it('step 3: checks term, payment, value date, reference, rep and branch', () => {
    const product = store.product('WM-R2-180');
    if (!product) throw new Error('catalogue lacks WM-R2-180');
    const check = (overrides: Partial<WizardData>) => validateTermsStep(order(overrides), product, store, TODAY).errors;
    expect(check({})).toEqual({});
    expect(check({ valueDate: '2026/03/20' })).toEqual({});
    expect(check({ termMonths: '12' }).termMonths).toBe('Term of 12 months is not available for product WM-R2-180');
    expect(check({ termMonths: '' }).termMonths).toBe('Term is required');
    expect(check({ paymentMethod: '' }).paymentMethod).toBe('Payment method is required');
    expect(check({ valueDate: '2026-03-14' }).valueDate).toBe('Value date must not be in the past');
    expect(check({ valueDate: '15.03.2026' }).valueDate).toMatch(/YYYY-MM-DD/);
    expect(check({ valueDate: '' }).valueDate).toBe('Value date is required');
    expect(check({ externalRef: '' }).externalRef).toBe('External reference is required');
    expect(check({ externalRef: 'PO 1' }).externalRef).toMatch(/only letters, digits/);
    expect(check({ salesRep: ' ' }).salesRep).toBe('Sales rep is required');
    expect(check({ branch: 'XX-YY' }).branch).toBe('Unknown branch XX-YY');
    expect(check({ notes: 'x'.repeat(501) }).notes).toBe('Notes must be at most 500 characters');
  });

  it('refuses a duplicate external reference, whatever its case', () => {
    const fresh = new SuiteStore({ seed: 3, today: () => TODAY });
    const whole = validateWholeOrder(order({ externalRef: 'PO-DUP-1' }), fresh, TODAY);
    if (!whole.order) throw new Error(`order should be valid: ${JSON.stringify(whole.errors)}`);
    const created = fresh.createOrder({ ...whole.order, createdBy: 'clerk' }, new Date());
    expect(created.orderNo).toBe('SO-2026-000001');
    expect(created.amount).toBe('250000.00');
    const again = validateWholeOrder(order({ externalRef: 'po-dup-1' }), fresh, TODAY);
    expect(again.firstFailingStep).toBe(3);
    expect(again.errors.externalRef).toBe('An order with external reference po-dup-1 already exists: SO-2026-000001');
  });
});
