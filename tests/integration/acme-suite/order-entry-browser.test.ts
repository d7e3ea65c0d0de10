import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';

const TODAY = '2026-03-15';
/** Generous for two busy cores; a healthy page answers in milliseconds. */
const STEP_TIMEOUT_MS = 10_000;

interface FixtureOrder {
  orderNo: string;
  externalRef: string;
  customerId: string;
  productCode: string;
  amount: string;
  termMonths: number;
  branch: string;
}

describe('acme suite: keying an order in a real browser', () => {
  let browser: Browser;
  const suites: AcmeSuiteHandle[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(suites.map((s) => s.close()));
  });

  // The same business-level script must work on both layouts: labels and roles, never ids.
  it.each(['v1', 'v2'] as const)('walks the 4-step order form by labels and roles (layout %s)', async (layout) => {
    const suite = await startAcmeSuite({ port: 0, today: TODAY, faults: { layout } });
    suites.push(suite);
    const customers = (await (await fetch(`${suite.url}/__fixture/customers`)).json()) as { id: string; blocked: boolean; riskTolerance: string }[];
    const customer = customers.find((c) => !c.blocked && c.riskTolerance >= 'C2');
    if (!customer) throw new Error('no eligible customer in the seed');
    const externalRef = `PO-BROWSER-${layout.toUpperCase()}`;

    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(STEP_TIMEOUT_MS);
      await page.goto(`${suite.url}/Login.aspx`);
      expect(await page.locator('meta[name="acme-layout"]').getAttribute('content')).toBe(layout);
      await page.getByLabel('User name').fill(suite.credentials.user);
      await page.getByLabel('Password').fill(suite.credentials.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('link', { name: 'New Sales Order' }).click();

      await expectHeading(page, 'Sales Order Entry — Step 1 of 4: Customer');
      await page.getByLabel('Customer ID').fill(customer.id);
      await page.getByRole('button', { name: 'Next' }).click();

      await expectHeading(page, 'Sales Order Entry — Step 2 of 4: Product and Amount');
      await page.getByLabel('Product').selectOption('WM-R2-180');
      await page.getByLabel('Amount').fill('6,000,000.00');
      expect(await page.getByLabel('Currency').inputValue()).toBe('CNY');
      await page.getByRole('button', { name: 'Next' }).click();

      // Over the product limit: the server refuses and says why, in the summary and next to the field.
      const summary = page.getByRole('alert');
      await summary.waitFor({ state: 'visible' });
      expect(await summary.innerText()).toContain('Amount exceeds the product limit of 5,000,000.00');
      expect(await page.getByText('Amount exceeds the product limit of 5,000,000.00').count()).toBe(2);
      await expectHeading(page, 'Sales Order Entry — Step 2 of 4: Product and Amount');
      expect(await page.getByLabel('Amount').inputValue()).toBe('6,000,000.00');

      await page.getByLabel('Amount').fill('250,000.00');
      await page.getByRole('button', { name: 'Next' }).click();

      await expectHeading(page, 'Sales Order Entry — Step 3 of 4: Terms and Payment');
      expect(await page.getByLabel('Term (months)').locator('option').allInnerTexts()).toEqual(['6 months']);
      await page.getByLabel('Term (months)').selectOption('6');
      await page.getByLabel('Payment method').selectOption({ label: 'Bank transfer' });
      await page.getByLabel('Value date').fill('2026-03-20');
      await page.getByLabel('External reference').fill(externalRef);
      await page.getByLabel('Sales rep').fill('Zhang Wei');
      await page.getByLabel('Branch').selectOption('SH-PD');
      await page.getByLabel('Notes').fill('Keyed by the browser test');
      await page.getByRole('button', { name: 'Next' }).click();

      await expectHeading(page, 'Sales Order Entry — Step 4 of 4: Review and Confirm');
      const review = await page.locator('main, #ctl00_Content').first().innerText();
      expect(review).toContain('250,000.00');
      expect(review).toContain(externalRef);
      await page.getByRole('button', { name: 'Confirm' }).click();

      const heading = page.getByRole('heading', { level: 1, name: /^Order SO-\d{4}-\d{6} has been created$/ });
      await heading.waitFor({ state: 'visible' });
      const orderNo = /SO-\d{4}-\d{6}/.exec(await heading.innerText())?.[0];
      expect(orderNo).toMatch(/^SO-2026-\d{6}$/);

      const orders = (await (await fetch(`${suite.url}/__fixture/orders`)).json()) as FixtureOrder[];
      expect(orders.find((o) => o.externalRef === externalRef)).toMatchObject({
        orderNo,
        customerId: customer.id,
        productCode: 'WM-R2-180',
        amount: '250000.00',
        termMonths: 6,
        branch: 'SH-PD',
      });

      await page.getByRole('link', { name: `View order ${orderNo}` }).click();
      await expectHeading(page, `Sales Order ${orderNo}`);
    } finally {
      await context.close();
    }
  });
});

async function expectHeading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text, exact: true }).waitFor({ state: 'visible' });
}
