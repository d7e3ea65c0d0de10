import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import type { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import { expectExactlyOnce, type KeyingOnSuite, seedApprovedOrders, startKeyingOnSuite, waitForFinal } from './keying-harness.ts';

describe('keying bot: the CRM down for maintenance', () => {
  const stack = inject('stack');
  let suite: AcmeSuiteHandle;
  let runtime: Runtime;
  let desk: KeyingOnSuite;

  beforeAll(async () => {
    desk = await startKeyingOnSuite(stack, { maintenance: true }, {
      KEYING_CONCURRENCY: '2',
      KEYING_PAUSE_AFTER_FAILURES: '2',
      KEYING_PROBE_INTERVAL_SECONDS: '1',
      OPS_ADDRESS: 'ops@acme-finance.example',
    });
    ({ suite, runtime } = desk);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('pauses the keying queue after consecutive system failures, mails ops once, and resumes when the CRM answers', { timeout: 120_000 }, async () => {
    const { orderIds } = await seedApprovedOrders(runtime, suite, { count: 3 });
    const queue = runtime.queues.get('keying');
    await eventually('the keying queue to pause itself', async () => ((await queue.isPaused()) ? true : undefined), 60_000);
    expect(await runtime.outbox.status('keying-paused-1')).toBe('staged');
    const alert = await runtime.outbox.staged('keying-paused-1');
    expect(alert?.to).toEqual(['ops@acme-finance.example']);
    expect(alert?.text).toContain('System maintenance');
    // Still down: the probe must not resume, and no second alert for the same pause. Once no attempt is in
    // flight, the probe is the only caller of the sign-in page: wait until it has looked twice more.
    await eventually('no keying attempt in flight', async () => ((await queue.getActiveCount()) === 0 ? true : undefined), 60_000);
    const signInPageHits = async (): Promise<number> => ((await (await fetch(`${suite.url}/__fixture/requests`)).json()) as Record<string, number>)['GET /Login.aspx'] ?? 0;
    const before = await signInPageHits();
    // The suite counts a request by its path and by its address, the same key for the probe's plain GET: two a probe.
    await eventually('the probe to find the CRM still down, twice', async () => ((await signInPageHits()) >= before + 4 ? true : undefined), 20_000);
    expect(await queue.isPaused()).toBe(true);
    expect(await runtime.outbox.status('keying-paused-2')).toBeUndefined();

    suite.setFaults({ maintenance: false });
    await eventually('the probe to resume the queue', async () => ((await queue.isPaused()) ? undefined : true), 20_000);
    const statuses = await waitForFinal(runtime, orderIds, 90_000);
    expect([...statuses.values()]).toEqual(['keyed', 'keyed', 'keyed']);
    expect(await expectExactlyOnce(runtime, suite, orderIds)).toEqual({ duplicates: [], missing: [], mismatched: [] });
    const actions = (await runtime.ledger.auditTrail()).map((e) => e.action);
    expect(actions.filter((a) => a === 'keying-paused')).toHaveLength(1);
    expect(actions).toContain('keying-resumed');
  });
});
