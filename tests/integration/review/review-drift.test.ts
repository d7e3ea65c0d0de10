import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BranchDirectory, BranchDirectoryCheck, CrmFactsDesk, loadApprovalRules, reviewReceivedOrder, type ReviewDeps } from '../../../bots/review/index.ts';
import { BrowserPool } from '../../../core/browser/browser-pool.ts';
import { SharedSession } from '../../../core/browser/shared-session.ts';
import { ScreenChangedError } from '../../../selectors/screen-changed-error.ts';
import { AcmeClerk, AcmeDesk, LOGIN_SCREENS_AT_MOST } from '../../../selectors/acme-suite/acme-clerk.ts';
import { AcmeFactsReader } from '../../../selectors/acme-suite/acme-facts-reader.ts';
import { ACME_LOCATORS_V1 } from '../../../selectors/acme-suite/locators/v1.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { sandboxMailbox, testSettings } from '../helpers/test-environment.ts';
import { orderFor, type TruthCustomer } from './review-harness.ts';

const stack = inject('stack');
const SCREEN_TIMEOUT_MS = 5_000;

let suite: AcmeSuiteHandle;
let runtime: Runtime;
let pool: BrowserPool;
const dataDir = mkdtempSync(join(tmpdir(), 'orderdesk-review-drift-'));

beforeAll(async () => {
  suite = await startAcmeSuite({ port: 0, today: '2026-03-15' });
  runtime = await Runtime.create(testSettings(stack, sandboxMailbox(stack, 'drift-shared'), { CRM_URL: suite.url, CRM_USER: suite.credentials.user, CRM_PASSWORD: suite.credentials.password }));
  pool = new BrowserPool({ ...(runtime.settings.browser.chromiumPath ? { chromiumPath: runtime.settings.browser.chromiumPath } : {}), headless: true, size: 1, actionTimeoutMs: SCREEN_TIMEOUT_MS, log: runtime.log });
}, 60_000);
afterAll(async () => {
  await pool?.close();
  await runtime?.close();
  await suite?.close();
});

describe('review on a CRM screen that changed', () => {
  it('stops with "screen changed", keeps the screenshot, audits it and leaves the order waiting', async () => {
    // The customer screen as a newer CRM release might label it: our map still says "Credit grade".
    const drifted = structuredClone(ACME_LOCATORS_V1);
    drifted.screens.customer.locators.creditGrade = { text: 'Credit rating' };
    const account = { url: suite.url, user: suite.credentials.user, password: suite.credentials.password };
    const desk = new AcmeDesk(new SharedSession(SCREEN_TIMEOUT_MS * LOGIN_SCREENS_AT_MOST), account, SCREEN_TIMEOUT_MS);
    const facts = new CrmFactsDesk({ pool, readerFor: (slot) => new AcmeFactsReader(desk, slot, new AcmeClerk(desk, slot), { v1: drifted }), maxAgeMs: 60_000, dataDir });
    const branches = BranchDirectory.load();
    const deps: ReviewDeps = {
      ledger: runtime.ledger,
      rules: loadApprovalRules(),
      maxAmount: runtime.settings.intake.maxAmount,
      chain: { open: () => Promise.reject(new Error('no approvals in this test')), followUp: () => Promise.resolve({ kind: 'none' }) },
      crm: { facts, branches, check: new BranchDirectoryCheck(facts, branches) },
      sharedMailbox: runtime.settings.mail.sharedMailbox,
      sendMail: () => Promise.reject(new Error('no mail in this test')),
    };
    const customer = ((await (await fetch(`${suite.url}/__fixture/customers`)).json()) as TruthCustomer[]).find((c) => !c.blocked);
    if (!customer) throw new Error('no active customer');
    const order = orderFor(customer);
    await runtime.ledger.recordReceived([{ orderId: 'o-drift', externalRef: order.externalRef, order, source: { kind: 'mail', reference: '<drift@sandbox.example>', row: 2 } }], 'test');

    const failure = await reviewReceivedOrder(deps, 'o-drift').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ScreenChangedError);
    const drift = failure as ScreenChangedError;
    expect(drift.message).toMatch(/^screen changed: customer \(layout v1\): locator "creditGrade \(text Credit rating\)" finds no labelled value/);
    expect(drift.screenshotPath).toBeDefined();
    expect(existsSync(drift.screenshotPath ?? '')).toBe(true);
    const audited = (await runtime.ledger.auditTrail('o-drift')).find((e) => e.action === 'review:crm-trouble');
    expect(audited?.detail).toMatchObject({ code: 'screen_changed', screenshot: drift.screenshotPath });
    expect((await runtime.ledger.get('o-drift'))?.status).toBe('received');
  }, 120_000);
});
