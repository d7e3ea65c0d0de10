import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { OrderLedger } from '../../../core/ledger/order-ledger.ts';
import { createLogger } from '../../../core/logging/logger.ts';
import { createRedisConnection } from '../../../core/redis/redis-connection.ts';
import { freePort } from '../../../fixtures/local-stack/free-port.ts';
import { startDashboard, type RunningDashboard } from '../../../jobs/dashboard/dashboard-server.ts';
import { QUEUE_CATALOGUE, type QueueName } from '../../../jobs/queue-catalogue.ts';
import { OrderDeskQueues } from '../../../jobs/queues.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import { dashboardSettings, PEOPLE, seedOrder } from './dashboard-harness.ts';

const stack = inject('stack');

/** The value of one sample line (`name{labels} value`) of a Prometheus text page. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('dashboard probes and metrics', () => {
  let runtime: Runtime;
  let dashboard: RunningDashboard;
  let worker: Worker | undefined;
  const workerConnection = createRedisConnection(stack.redis.url);

  beforeAll(async () => {
    const { settings } = await dashboardSettings(stack, { DASHBOARD_METRICS_TOKEN: 'scrape-token-for-tests' });
    runtime = await Runtime.create(settings);
    dashboard = await startDashboard(runtime);
  });

  afterAll(async () => {
    await worker?.close();
    workerConnection.disconnect();
    await dashboard?.close();
    await runtime?.close();
  });

  it('answers /healthz and /readyz without a log-in', async () => {
    const health = await fetch(`${dashboard.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${dashboard.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.text()).toContain('ready');
  });

  it('reports queue depth, orders by status, job durations, failures and approval turnaround on /metrics', async () => {
    const prefix = runtime.settings.redis.prefix;
    await seedOrder(runtime, { orderId: 'm-1', externalRef: 'PO-M-1', submitter: 'a@sandbox.example', status: 'failed' });
    await seedOrder(runtime, { orderId: 'm-2', externalRef: 'PO-M-2', submitter: 'a@sandbox.example', status: 'failed' });
    await seedOrder(runtime, { orderId: 'm-3', externalRef: 'PO-M-3', submitter: 'b@sandbox.example', status: 'keyed' });
    await runtime.queues.add('mail', `mail-${randomUUID()}`, { mailId: 'waiting-1' });
    await runtime.queues.add('mail', `mail-${randomUUID()}`, { mailId: 'waiting-2' });
    // Two levels asked and answered, as the approvals bot writes them: the second level's manager rejects.
    const approval = (action: string, level: number, extra: Record<string, unknown> = {}) =>
      runtime.ledger.audit({ actor: 'approvals-bot', action, orderId: 'm-3', detail: { level, ...extra } });
    await approval('approval-requested', 1, { sentTo: 'manager@acme-finance.example' });
    await approval('approval-request-resent', 1, { to: 'manager@acme-finance.example' });
    await approval('approval:decision', 1, { decision: 'approve' });
    await approval('approval-requested', 2, { sentTo: 'risk@acme-finance.example' });
    await approval('approval:decision', 2, { decision: 'reject' });
    // Two schedule-tick jobs run by a real worker: one completes, one fails for good.
    await runtime.queues.get('schedules').add('schedules', { schedule: 'ok', tickAt: '2026-03-15T00:00:00.000Z' }, { jobId: 'report-ok', attempts: 1 });
    await runtime.queues.get('schedules').add('schedules', { schedule: 'broken', tickAt: '2026-03-15T00:00:00.000Z' }, { jobId: 'report-broken', attempts: 1 });
    worker = new Worker(
      'schedules',
      async (job) => {
        await new Promise((r) => setTimeout(r, 50));
        if ((job.data as { schedule: string }).schedule === 'broken') throw new Error('report source missing');
      },
      { connection: workerConnection, prefix: `${prefix}:bull` },
    );

    expect((await fetch(`${dashboard.url}/metrics`)).status).toBe(401);
    const scrape = async (): Promise<string> => {
      const response = await fetch(`${dashboard.url}/metrics`, { headers: { authorization: 'Bearer scrape-token-for-tests' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    const text = await eventually(
      'both tick jobs in the metrics',
      async () => {
        const page = await scrape();
        return sample(page, 'orderdesk_job_duration_seconds_count{queue="schedules",outcome="failed"}') === 1 &&
          sample(page, 'orderdesk_job_duration_seconds_count{queue="schedules",outcome="completed"}') === 1
          ? page
          : undefined;
      },
      15_000,
    );
    expect(sample(text, 'orderdesk_queue_jobs{queue="mail",state="waiting"}')).toBe(2);
    expect(sample(text, 'orderdesk_queue_jobs{queue="schedules",state="failed"}')).toBe(1);
    expect(sample(text, 'orderdesk_queue_jobs{queue="keying",state="waiting"}')).toBe(0);
    expect(sample(text, 'orderdesk_orders{status="failed"}')).toBe(2);
    expect(sample(text, 'orderdesk_orders{status="keyed"}')).toBe(1);
    expect(sample(text, 'orderdesk_orders{status="awaiting_approval"}')).toBe(0);
    expect(sample(text, 'orderdesk_jobs_failed_total{queue="schedules"}')).toBe(1);
    expect(sample(text, 'orderdesk_job_duration_seconds_sum{queue="schedules",outcome="completed"}')).toBeGreaterThanOrEqual(0.05);
    expect(sample(text, 'orderdesk_approval_turnaround_seconds_count{decision="approve"}')).toBe(1);
    expect(sample(text, 'orderdesk_approval_turnaround_seconds_bucket{le="60",decision="approve"}')).toBe(1);
    expect(sample(text, 'orderdesk_approval_turnaround_seconds_count{decision="reject"}')).toBe(1);
    // The same jobs are not counted twice by the next scrape.
    expect(sample(await scrape(), 'orderdesk_jobs_failed_total{queue="schedules"}')).toBe(1);
  });

  it('keeps sessions in Redis with an idle expiry, refuses a tampered cookie, and ends a session at log-out', async () => {
    const loginForm = await fetch(`${dashboard.url}/login`);
    const loginCookie = (loginForm.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(await loginForm.text())?.[1] ?? '';
    const loggedIn = await fetch(`${dashboard.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user: PEOPLE.viewer.name, password: PEOPLE.viewer.password, _csrf: loginToken, next: '/orders' }),
    });
    expect(loggedIn.status).toBe(303);
    const cookies = Object.fromEntries(loggedIn.headers.getSetCookie().map((c) => (c.split(';')[0] as string).split('=') as [string, string]));
    const session = cookies.orderdesk_session as string;
    const get = (cookie: string) => fetch(`${dashboard.url}/orders`, { redirect: 'manual', headers: { cookie } });
    expect((await get(`orderdesk_session=${session}`)).status).toBe(200);
    const [id, signature] = session.split('.') as [string, string];
    const ttl = await runtime.redis.pttl(`${runtime.settings.redis.prefix}:dashboard:session:${id}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(runtime.settings.dashboard.sessionIdleMinutes * 60_000);
    const tampered = `${id.slice(0, -2)}${id.endsWith('AA') ? 'BB' : 'AA'}.${signature}`;
    expect((await get(`orderdesk_session=${tampered}`)).headers.get('location')).toBe('/login?next=%2Forders');
    expect((await get(`orderdesk_session=${id}`)).status).toBe(303);

    const csrf = decodeURIComponent(cookies['XSRF-TOKEN'] as string);
    const loggedOut = await fetch(`${dashboard.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `orderdesk_session=${session}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(loggedOut.status).toBe(303);
    expect((await get(`orderdesk_session=${session}`)).status).toBe(303);
  });

  it('says "not ready" (503) on /readyz while its Redis does not answer, and stays alive on /healthz', async () => {
    const { settings } = await dashboardSettings(stack, { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const redis = createRedisConnection(settings.redis.url as string);
    redis.on('error', () => undefined);
    const queues = new OrderDeskQueues(redis, settings.redis.prefix);
    // BullMQ prints connection errors of queues nobody listens to; here they are the point of the test.
    for (const name of Object.keys(QUEUE_CATALOGUE) as QueueName[]) queues.get(name).on('error', () => undefined);
    const lonely = await startDashboard({ settings, log: createLogger({ level: 'silent' }), redis, queues, ledger: new OrderLedger(redis, settings.redis.prefix) });
    try {
      const started = Date.now();
      const ready = await fetch(`${lonely.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect((await fetch(`${lonely.url}/healthz`)).status).toBe(200);
    } finally {
      await lonely.close();
      await queues.close().catch(() => undefined);
      redis.disconnect();
    }
  });
});
