import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import type { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import { expectExactlyOnce, type KeyingOnSuite, seedApprovedOrders, startKeyingOnSuite, waitForFinal } from './keying-harness.ts';

/** The smallest budget the settings allow; the suite's answers are made slower than it. */
const BUDGET_SECONDS = 10;

describe('keying bot: an attempt that never ends', () => {
  const stack = inject('stack');
  let suite: AcmeSuiteHandle;
  let runtime: Runtime;
  let desk: KeyingOnSuite;

  beforeAll(async () => {
    // Every screen answers after 25 s, and a screen may take a minute: to the bot, the CRM hangs.
    desk = await startKeyingOnSuite(stack, { latencyMs: 25_000 }, {
      KEYING_CONCURRENCY: '1',
      KEYING_SCREEN_TIMEOUT_MS: '60000',
      KEYING_ATTEMPT_BUDGET_SECONDS: String(BUDGET_SECONDS),
    });
    ({ suite, runtime } = desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('stops the attempt at its budget as stalled, and the retry keys the order once', { timeout: 150_000 }, async () => {
    const { orderIds } = await seedApprovedOrders(runtime, suite, { count: 1 });
    const id = orderIds[0] as string;
    const stalled = await eventually('the attempt to be stopped as stalled', async () => {
      const failed = (await runtime.ledger.auditTrail(id)).find((e) => e.action === 'keying:attempt-failed');
      return failed ? failed : undefined;
    }, 60_000);
    expect(stalled.detail).toMatchObject({ attempt: 1, code: 'keying_stalled' });
    expect(stalled.reason).toMatch(new RegExp(`stopped after ${BUDGET_SECONDS} s without an outcome`));

    suite.setFaults({ latencyMs: 0 });
    const statuses = await waitForFinal(runtime, orderIds, 90_000);
    expect([...statuses.values()]).toEqual(['keyed']);
    expect(await expectExactlyOnce(runtime, suite, orderIds)).toEqual({ duplicates: [], missing: [], mismatched: [] });
  });
});
