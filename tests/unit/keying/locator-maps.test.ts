import { describe, expect, it } from 'vitest';
import { pickOption } from '../../../selectors/acme-suite/select-option.ts';
import { ACME_LAYOUTS, locatorMapFor } from '../../../selectors/acme-suite/locator-map.ts';
import { describeLocator, type LocatorSpec } from '../../../selectors/locator-spec.ts';

describe('locator maps per layout', () => {
  const v1 = locatorMapFor('v1');
  const v2 = locatorMapFor('v2');

  it('cover the same screens and elements in every layout', () => {
    for (const layout of ACME_LAYOUTS) {
      const map = locatorMapFor(layout);
      expect(map.layout).toBe(layout);
      expect(Object.keys(map.screens)).toEqual(Object.keys(v1.screens));
      for (const [screen, spec] of Object.entries(map.screens)) {
        expect(Object.keys(spec.locators).sort(), `${layout} ${screen}`).toEqual(Object.keys(v1.screens[screen as keyof typeof v1.screens].locators).sort());
      }
    }
  });

  it('use labels, roles and texts first; an id is only ever a fallback of its layout', () => {
    for (const [map, prefix] of [[v1, 'ctl00_'], [v2, 'MainContent_']] as const) {
      for (const spec of Object.values(map.screens).flatMap((s) => Object.values(s.locators) as LocatorSpec[])) {
        expect('label' in spec || 'role' in spec || 'text' in spec).toBe(true);
        if (spec.fallbackId !== undefined) expect(spec.fallbackId.startsWith(prefix), spec.fallbackId).toBe(true);
      }
    }
  });

  it('keep the business handles identical between v1 and v2 (only ids changed in the redesign)', () => {
    for (const [screen, spec] of Object.entries(v1.screens)) {
      const other = v2.screens[screen as keyof typeof v2.screens];
      for (const [key, locator] of Object.entries(spec.locators) as [string, LocatorSpec][]) {
        const { fallbackId: _a, ...handle } = locator;
        const { fallbackId: _b, ...handle2 } = (other.locators as Record<string, LocatorSpec>)[key] as LocatorSpec;
        expect(handle2, `${screen}.${key}`).toEqual(handle);
      }
    }
  });

  it('describe a locator by screen element and handle, for drift messages', () => {
    expect(describeLocator('amount', v1.screens.orderEntryProduct.locators.amount)).toBe('amount (label "Amount")');
    expect(describeLocator('next', v1.screens.orderEntryProduct.locators.next)).toBe('next (button "Next")');
    expect(describeLocator('results', v1.screens.orderSearch.locators.results)).toBe('results (table with column "Order number")');
  });
});

describe('picking a select option the way a clerk reads the sheet', () => {
  const payment = [
    { value: '', label: '-- Please select --' },
    { value: 'bank_transfer', label: 'Bank transfer' },
    { value: 'direct_debit', label: 'Direct debit' },
  ];
  it.each([
    ['bank_transfer', 'bank_transfer'],
    ['Bank transfer', 'bank_transfer'],
    ['DIRECT DEBIT', 'direct_debit'],
    ['direct-debit', 'direct_debit'],
    ['cheque', undefined],
    ['', undefined],
    ['-- Please select --', undefined],
  ])('%s -> %s', (wanted, expected) => {
    expect(pickOption(payment, wanted)).toBe(expected);
  });
});
