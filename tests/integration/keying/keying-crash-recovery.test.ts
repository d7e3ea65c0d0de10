import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { startKeyingRole } from '../../../jobs/keying-role.ts';
import type { RunningRole } from '../../../jobs/roles.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { chromiumChildrenOf } from '../helpers/processes.ts';
import { eventually } from '../helpers/test-environment.ts';
import { expectExactlyOnce, keyingSettings, killGroup, LOCK_MS, seedApprovedOrders, startKeyingProcess, SUITE_TODAY, waitForFinal } from './keying-harness.ts';

describe('keying bot: crashes mid-order', () => {
  const stack = inject('stack');
  const children: ChildProcess[] = [];
  let suite: AcmeSuiteHandle;

  beforeAll(async () => {
    // Some latency so that a kill lands inside an order, not between two.
    suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY, faults: { latencyMs: 60 } });
  });
  afterAll(async () => {
    for (const child of children) killGroup(child, 'SIGKILL');
    await suite?.close();
  });

  it('keys every order exactly once when the keying process is killed with SIGKILL mid-run', { timeout: 150_000 }, async () => {
    const { settings, env } = keyingSettings(stack, suite, { KEYING_CONCURRENCY: '2', WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: LOCK_MS });
    const runtime = await Runtime.create(settings);
    try {
      const { orderIds } = await seedApprovedOrders(runtime, suite, { count: 16 });
      const first = startKeyingProcess({ ...env, REDIS_URL: stack.redis.url });
      children.push(first);
      // Kill once a few orders are keyed and at least one is half way through the screens.
      await eventually('some orders keyed and one in progress', async () => {
        let keyed = 0;
        let inProgress = 0;
        for (const id of orderIds) {
          const status = (await runtime.ledger.get(id))?.status;
          if (status === 'keyed') keyed += 1;
          if (status === 'keying') inProgress += 1;
        }
        return keyed >= 3 && inProgress >= 1 ? true : undefined;
      }, 60_000);
      killGroup(first, 'SIGKILL');
      const interrupted: string[] = [];
      for (const id of orderIds) if ((await runtime.ledger.get(id))?.status === 'keying') interrupted.push(id);

      const second = startKeyingProcess({ ...env, REDIS_URL: stack.redis.url });
      children.push(second);
      const statuses = await waitForFinal(runtime, orderIds, 90_000);
      killGroup(second, 'SIGTERM');

      expect([...statuses.values()].filter((s) => s !== 'keyed')).toEqual([]);
      expect(await expectExactlyOnce(runtime, suite, orderIds)).toEqual({ duplicates: [], missing: [], mismatched: [] });
      // The interrupted orders really were picked up again by the second process.
      expect(interrupted.length).toBeGreaterThan(0);
      for (const id of interrupted) {
        const starts = (await runtime.ledger.auditTrail(id)).filter((e) => e.action === 'keying:started');
        expect(starts.length).toBeGreaterThanOrEqual(2);
      }
    } finally {
      await runtime.close();
    }
  });

  // The two waits below add up to 150 s on a loaded machine; the budget must cover both.
  it('relaunches Chromium after it is killed and keeps keying', { timeout: 180_000 }, async () => {
    const { settings } = keyingSettings(stack, suite, { KEYING_CONCURRENCY: '2', KEYING_SCREEN_TIMEOUT_MS: '5000' });
    const runtime = await Runtime.create(settings);
    let keying: RunningRole | undefined;
    try {
      keying = startKeyingRole(runtime);
      const before = await seedApprovedOrders(runtime, suite, { count: 6 });
      await eventually('the first orders keyed', async () => ((await runtime.ledger.get(before.orderIds[1] as string))?.status === 'keyed' ? true : undefined), 60_000);
      const browsers = chromiumChildrenOf(process.pid);
      expect(browsers.length).toBe(1);
      process.kill(browsers[0] as number, 'SIGKILL');

      const after = await seedApprovedOrders(runtime, suite, { count: 6 });
      const all = [...before.orderIds, ...after.orderIds];
      const statuses = await waitForFinal(runtime, all, 90_000);
      expect([...statuses.values()].filter((s) => s !== 'keyed')).toEqual([]);
      expect(await expectExactlyOnce(runtime, suite, all)).toEqual({ duplicates: [], missing: [], mismatched: [] });
      const relaunched = chromiumChildrenOf(process.pid);
      expect(relaunched).toHaveLength(1);
      expect(relaunched[0]).not.toBe(browsers[0]);
    } finally {
      await keying?.close();
      await runtime.close();
    }
  });
});
