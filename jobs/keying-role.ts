import { BrowserPool } from '../core/browser/browser-pool.ts';
import { CrmKeyer, FailureStreak, KeyingArtifacts, KEYING_BOT } from '../bots/keying/index.ts';
import { crmTargetFor } from '../selectors/crm-targets.ts';
import { createKeyingProcessor } from './keying.job.ts';
import type { RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

/** BullMQ's limiter counts whole jobs per window: 0.5 orders/s is 1 job per 2000 ms, 5/s is 5 per 1000 ms. */
export function limiterFor(ordersPerSecond: number): { max: number; duration: number } {
  if (!(ordersPerSecond > 0)) throw new Error('keying.maxOrdersPerSecond must be positive');
  if (ordersPerSecond >= 1) return { max: Math.round(ordersPerSecond), duration: 1_000 };
  return { max: 1, duration: Math.round(1_000 / ordersPerSecond) };
}

/**
 * Keying: one Chromium for this process with `keying.concurrency` contexts, a worker on the keying
 * queue at that concurrency under the configured rate limit, and the probe that resumes the queue after
 * a pause once the CRM's sign-in screen answers again.
 */
export function startKeyingRole(runtime: Runtime): RunningRole {
  const { crm, browser, keying, dataDir, redis } = runtime.settings;
  const target = crmTargetFor(crm, keying.screenTimeoutMs, 'key orders');
  const pool = new BrowserPool({
    ...(browser.chromiumPath ? { chromiumPath: browser.chromiumPath } : {}),
    headless: browser.headless,
    size: keying.concurrency,
    actionTimeoutMs: keying.screenTimeoutMs,
    tracing: keying.traces,
    blockAssets: !target.needsStylesheets,
    log: runtime.log,
  });
  const bot = {
    keyer: new CrmKeyer(pool, target, keying.attemptBudgetSeconds * 1000),
    artifacts: new KeyingArtifacts(dataDir),
    streak: new FailureStreak(runtime.redis, redis.prefix, keying.pauseAfterConsecutiveFailures),
  };
  const worker = startWorker(runtime, 'keying', createKeyingProcessor(runtime, bot), {
    concurrency: keying.concurrency,
    limiter: limiterFor(keying.maxOrdersPerSecond),
  });

  let probing = false;
  const probe = setInterval(() => {
    if (probing) return;
    probing = true;
    void (async () => {
      const episode = await bot.streak.pausedEpisode();
      if (episode === 0 || !(await target.answers())) return;
      await runtime.queues.get('keying').resume();
      await bot.streak.endPause();
      runtime.log.info({ episode }, 'CRM answers again; keying resumed');
      await runtime.ledger.audit({ actor: KEYING_BOT, action: 'keying-resumed', detail: { episode } });
    })()
      .catch((error: unknown) => runtime.log.warn({ err: (error as Error).message }, 'keying probe failed'))
      .finally(() => {
        probing = false;
      });
  }, keying.probeIntervalSeconds * 1_000);

  let closing: Promise<void> | undefined;
  return {
    name: 'keying',
    close: () => {
      closing ??= (async () => {
        clearInterval(probe);
        await Promise.allSettled([worker.close()]);
        await pool.close();
      })();
      return closing;
    },
  };
}
