import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import type { Runtime } from '../../../jobs/runtime.ts';
import { expectExactlyOnce, type KeyingOnSuite, seedApprovedOrders, startKeyingOnSuite, waitForFinal } from './keying-harness.ts';

/**
 * 12 orders in the default run; KEYING_SOAK_ORDERS=100 for the full soak the issue describes. Under
 * these faults an order takes about 5 s of one context (every request waits 500 ms, a lost session
 * restarts the form), so 100 orders take several minutes on two cores: too long for every `npm test`.
 */
const ORDERS = Number(process.env['KEYING_SOAK_ORDERS'] ?? '12');
const LATENCY_MS = 500;
/**
 * "Session expiry every 20 requests", per browser context: the bot's contexts share one logged-in
 * session (as a clerk's tabs do), so the shared session expires after 20 screens for each context.
 * Counting screens, not seconds, keeps the fault the same on a busy machine. (Counted across all
 * contexts, 20 requests would expire the session faster than any clerk can walk the order form.)
 */
const CONTEXTS = 6;
const SESSION_EXPIRY_AFTER_REQUESTS = 20 * CONTEXTS;

describe('keying bot under CRM faults', () => {
  const stack = inject('stack');
  let suite: AcmeSuiteHandle;
  let runtime: Runtime;
  let desk: KeyingOnSuite;

  beforeAll(async () => {
    desk = await startKeyingOnSuite(stack, {}, {
      KEYING_CONCURRENCY: String(CONTEXTS),
      KEYING_PROBE_INTERVAL_SECONDS: '2',
      KEYING_SCREEN_TIMEOUT_MS: '8000',
    });
    ({ suite, runtime } = desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it(`keys ${ORDERS} orders exactly once through 10% server errors, 500 ms latency, session expiry and 5% ambiguous submits`, { timeout: ORDERS * 8_000 + 90_000 }, async () => {
    suite.setFaults({ latencyMs: LATENCY_MS, errorRate: 0.1, ambiguousSubmit: 0.05, sessionExpiryAfterRequests: SESSION_EXPIRY_AFTER_REQUESTS });
    const started = Date.now();
    const { orderIds } = await seedApprovedOrders(runtime, suite, { count: ORDERS });
    const statuses = await waitForFinal(runtime, orderIds, ORDERS * 8_000 + 60_000);
    const seconds = (Date.now() - started) / 1000;
    // Every log-in after the first is the bot coming back after its session expired.
    const expiries = suite.logins() - 1;
    console.info(`keying soak: ${ORDERS} orders in ${seconds.toFixed(0)} s, ${expiries} session expiries`);

    expect([...statuses.values()].filter((s) => s !== 'keyed')).toEqual([]);
    expect(await expectExactlyOnce(runtime, suite, orderIds)).toEqual({ duplicates: [], missing: [], mismatched: [] });
    expect(expiries).toBeGreaterThan(0);
  });
});
