import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { createRedisConnection } from '../../../core/redis/redis-connection.ts';
import { startDashboard, type RunningDashboard } from '../../../jobs/dashboard/dashboard-server.ts';
import type { DashboardRole } from '../../../jobs/dashboard/permissions.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually } from '../helpers/test-environment.ts';
import { dashboardSettings, PEOPLE, seedOrder } from './dashboard-harness.ts';

const stack = inject('stack');

describe('dashboard in a real browser', () => {
  let runtime: Runtime;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];
  const workerConnection = createRedisConnection(stack.redis.url);
  let reportWorker: Worker | undefined;
  /** The report job fails while this is set, and runs once an operator has fixed "the cause". */
  let reportSourceMissing = true;

  beforeAll(async () => {
    const setup = await dashboardSettings(stack);
    dataDir = setup.dataDir;
    runtime = await Runtime.create(setup.settings);
    dashboard = await startDashboard(runtime);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await browser?.close();
    await reportWorker?.close();
    workerConnection.disconnect();
    await dashboard?.close();
    await runtime?.close();
  });

  /** A fresh browser profile; requests off this machine are refused (the board links a web font). */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true });
    contexts.push(context);
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    return context.newPage();
  }

  async function logIn(role: DashboardRole, next = '/orders'): Promise<Page> {
    const page = await newPage();
    await page.goto(`${dashboard.url}${next}`);
    await page.getByLabel('User').fill(PEOPLE[role].name);
    await page.getByLabel('Password').fill(PEOPLE[role].password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  /** A request from inside the logged-in page, as a script on it could make (same origin, its cookies). */
  function fetchFromPage(page: Page, path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<number> {
    return page.evaluate(async ([p, i]) => (await fetch(p, i)).status, [path, init] as const);
  }

  function xsrfCookie(page: Page): Promise<string> {
    return page.evaluate(() => decodeURIComponent(/(?:^|; )XSRF-TOKEN=([^;]*)/.exec(document.cookie)?.[1] ?? ''));
  }

  async function failedReportJob(jobId: string): Promise<void> {
    reportWorker ??= new Worker(
      'schedules',
      async () => {
        if (reportSourceMissing) throw new Error('report source missing');
        return 'report sent';
      },
      { connection: workerConnection, prefix: `${runtime.settings.redis.prefix}:bull` },
    );
    await runtime.queues.get('schedules').add('schedules', { schedule: 'daily-ops', tickAt: '2026-03-15T00:00:00.000Z' }, { jobId, attempts: 1 });
    await eventually(`job ${jobId} to fail`, async () => ((await runtime.queues.get('schedules').getJob(jobId))?.failedReason ? true : undefined));
  }

  it('asks for a log-in first, refuses a wrong password, and sets a strict HttpOnly session cookie', async () => {
    const page = await newPage();
    await page.goto(`${dashboard.url}/orders?status=failed`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('User').fill(PEOPLE.operator.name);
    await page.getByLabel('Password').fill('not her password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong user name or password');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await page.context().cookies()).some((c) => c.name === 'orderdesk_session')).toBe(false);
    const unauthenticatedApi = await fetchFromPage(page, '/queues/api/queues', { method: 'GET' });
    expect(unauthenticatedApi).toBe(401);

    await page.getByLabel('User').fill(PEOPLE.operator.name);
    await page.getByLabel('Password').fill(PEOPLE.operator.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/orders\?status=failed$/);
    const session = (await page.context().cookies()).find((c) => c.name === 'orderdesk_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const refused = (await runtime.ledger.auditTrail()).find((e) => e.action === 'dashboard:login-refused');
    expect(refused).toMatchObject({ actor: `dashboard:${PEOPLE.operator.name}`, security: true });
  });

  it('lets an operator retry a failed job in bull-board, which then runs; the retry is audited with her name', async () => {
    await failedReportJob('report-retry-by-olga');
    reportSourceMissing = false;
    const page = await logIn('operator', '/queues/queue/schedules?status=failed');
    const card = page.locator('[class^="card-"]', { has: page.getByText('report-retry-by-olga', { exact: true }) });
    await card.locator('[class^="jobActions-"] button:has(svg.lucide-refresh-cw)').click();
    const confirm = page.getByRole('alertdialog');
    await expect.poll(() => confirm.textContent()).toContain('retry this job');
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await eventually('the retried job to complete', async () => ((await runtime.queues.get('schedules').getJob('report-retry-by-olga'))?.returnvalue === 'report sent' ? true : undefined));
    const audited = await eventually('the retry in the audit trail', async () => (await runtime.ledger.auditTrail()).find((e) => e.action === 'dashboard:job-retry'));
    expect(audited).toMatchObject({ actor: `dashboard:${PEOPLE.operator.name}`, detail: { queue: 'schedules', jobId: 'report-retry-by-olga', httpStatus: 204 } });
  });

  it('shows a viewer no buttons and refuses her changes on the server (403), even with a valid CSRF token', async () => {
    reportSourceMissing = true;
    await failedReportJob('report-viewer-cannot-retry');
    await seedOrder(runtime, { orderId: 'v-1', externalRef: 'PO-V-1', submitter: 'sales1@sandbox.example', status: 'failed' });
    const page = await logIn('viewer', '/queues/queue/schedules?status=failed');
    await page.getByText('report-viewer-cannot-retry', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Retry all' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Clean all' }).count()).toBe(0);
    expect(await page.locator('[class^="jobActions-"] button:has(svg.lucide-refresh-cw)').count()).toBe(0);
    const token = await xsrfCookie(page);
    expect(token).not.toBe('');
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/report-viewer-cannot-retry/retry', { method: 'PUT', headers: { 'X-XSRF-TOKEN': token } })).toBe(403);
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/retry/failed', { method: 'PUT', headers: { 'X-XSRF-TOKEN': token } })).toBe(403);
    expect(await runtime.queues.get('schedules').getJobState('report-viewer-cannot-retry')).toBe('failed');

    await page.goto(`${dashboard.url}/orders/v-1`);
    expect(await page.getByTestId('order-status').textContent()).toBe('failed');
    expect(await page.getByRole('button', { name: /Re-run keying|Mark resolved|Re-send/ }).count()).toBe(0);
    const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${encodeURIComponent(token)}&note=viewer+tries` };
    expect(await fetchFromPage(page, '/orders/v-1/resolve', form)).toBe(403);
    expect(await fetchFromPage(page, '/orders/v-1/rerun-keying', form)).toBe(403);
    expect((await runtime.ledger.get('v-1'))?.status).toBe('failed');
    const refusals = (await runtime.ledger.auditTrail()).filter((e) => e.action === 'dashboard:refused' && e.actor === `dashboard:${PEOPLE.viewer.name}`);
    expect(refusals.map((e) => e.detail?.attempted).sort()).toEqual(['dashboard:job-retry', 'dashboard:queue-retry-all', 'dashboard:rerun-keying', 'dashboard:resolve']);
  });

  it('refuses any change whose CSRF token is missing or wrong (403), in our forms and in the bull-board API', async () => {
    await seedOrder(runtime, { orderId: 'c-1', externalRef: 'PO-C-1', submitter: 'sales1@sandbox.example', status: 'failed' });
    await failedReportJob('report-csrf');
    const page = await logIn('admin');
    const form = (body: string) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(await fetchFromPage(page, '/orders/c-1/resolve', form('note=done+by+hand'))).toBe(403);
    expect(await fetchFromPage(page, '/orders/c-1/resolve', form('note=done+by+hand&_csrf=forged-token'))).toBe(403);
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/report-csrf/retry', { method: 'PUT' })).toBe(403);
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/report-csrf/retry', { method: 'PUT', headers: { 'X-XSRF-TOKEN': 'forged-token' } })).toBe(403);
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/clean/failed', { method: 'PUT' })).toBe(403);
    expect(await fetchFromPage(page, '/logout', form(''))).toBe(403);
    expect((await runtime.ledger.get('c-1'))?.status).toBe('failed');
    expect(await runtime.queues.get('schedules').getJobState('report-csrf')).toBe('failed');
    const refused = (await runtime.ledger.auditTrail()).filter((e) => e.action === 'dashboard:csrf-refused');
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(refused.every((e) => e.security && e.actor === `dashboard:${PEOPLE.admin.name}`)).toBe(true);
    // With the right token an operator still may not clean (an admin's job), and the admin may.
    const operator = await logIn('operator');
    expect(await fetchFromPage(operator, '/queues/api/queues/schedules/report-csrf/clean', { method: 'PUT', headers: { 'X-XSRF-TOKEN': await xsrfCookie(operator) } })).toBe(403);
    expect(await runtime.queues.get('schedules').getJobState('report-csrf')).toBe('failed');
    expect(await fetchFromPage(page, '/queues/api/queues/schedules/report-csrf/clean', { method: 'PUT', headers: { 'X-XSRF-TOKEN': await xsrfCookie(page) } })).toBe(204);
    expect(await runtime.queues.get('schedules').getJob('report-csrf')).toBeUndefined();
    const cleaned = await eventually('the clean in the audit trail', async () => (await runtime.ledger.auditTrail()).find((e) => e.action === 'dashboard:job-clean'));
    expect(cleaned).toMatchObject({ actor: `dashboard:${PEOPLE.admin.name}`, detail: { queue: 'schedules', jobId: 'report-csrf', httpStatus: 204 } });
  });

  it('finds orders by status, date, submitter and reference', async () => {
    await seedOrder(runtime, { orderId: 's-1', externalRef: 'PO-SEARCH-0001', submitter: 'li.wei@sandbox.example', status: 'keyed' });
    await seedOrder(runtime, { orderId: 's-2', externalRef: 'PO-SEARCH-0002', submitter: 'li.wei@sandbox.example', status: 'needs_attention' });
    await seedOrder(runtime, { orderId: 's-3', externalRef: 'PO-SEARCH-0003', submitter: 'zhang.min@sandbox.example', status: 'needs_attention' });
    const page = await logIn('viewer');
    const refs = async (): Promise<string[]> => (await page.getByTestId('order-row').locator('td:first-child').allTextContents()).map((t) => t.trim()).filter((t) => t.startsWith('PO-SEARCH')).sort();

    await page.getByLabel('Reference').fill('PO-SEARCH');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/reference=PO-SEARCH/);
    expect(await refs()).toEqual(['PO-SEARCH-0001', 'PO-SEARCH-0002', 'PO-SEARCH-0003']);

    await page.getByLabel('Status').selectOption('needs_attention');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/status=needs_attention/);
    expect(await refs()).toEqual(['PO-SEARCH-0002', 'PO-SEARCH-0003']);

    await page.getByLabel('Submitter').fill('LI.WEI');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/submitter=LI.WEI/);
    expect(await refs()).toEqual(['PO-SEARCH-0002']);

    // An exact reference goes straight to its order, whatever else it resembles.
    await page.goto(`${dashboard.url}/orders?reference=PO-SEARCH-0003`);
    expect(await refs()).toEqual(['PO-SEARCH-0003']);

    // Dates are the firm's calendar days: the orders were received today, so none before yesterday.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: runtime.settings.timezone }).format(new Date());
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: runtime.settings.timezone }).format(new Date(Date.now() - 86_400_000));
    await page.goto(`${dashboard.url}/orders?reference=PO-SEARCH&from=${today}&to=${today}`);
    expect(await refs()).toHaveLength(3);
    await page.goto(`${dashboard.url}/orders?reference=PO-SEARCH&to=${yesterday}`);
    expect(await refs()).toEqual([]);
    expect(await page.getByText('No orders match.').count()).toBe(1);
  });

  it("shows an order's whole timeline and its failure screenshot and trace; re-run keying enqueues a new job, audited with the user's name", async () => {
    const orderId = 't-1';
    await seedOrder(runtime, { orderId, externalRef: 'PO-TIMELINE-1', submitter: 'sales2@sandbox.example', status: 'received' });
    const { ledger } = runtime;
    await ledger.audit({ actor: 'intake-bot', action: 'receipt:sent', orderId, detail: { mailId: 'receipt-1' } });
    await ledger.setStatus(orderId, 'awaiting_approval', { actor: 'review-bot', action: 'review:routed', reason: 'amount over 50,000: branch manager', detail: { rule: 'large-order', levels: 1 } });
    await ledger.audit({ actor: 'approvals-bot', action: 'approval:requested', orderId, detail: { level: 1, to: 'manager@acme-finance.example' } });
    await ledger.setStatus(orderId, 'approved', { actor: 'manager@acme-finance.example', action: 'approval:approved', reason: 'OK for this client <script>alert(1)</script>', detail: { level: 1 } });
    await ledger.setStatus(orderId, 'keying', { actor: 'keying-bot', action: 'keying:started', detail: { attempt: 1 } });
    const attemptDir = join(dataDir, 'artifacts', orderId, '1');
    mkdirSync(attemptDir, { recursive: true });
    const shotPage = await newPage();
    await shotPage.setContent('<h1 style="color:red">CRM: service unavailable</h1>');
    writeFileSync(join(attemptDir, 'screenshot.png'), await shotPage.screenshot());
    const traceBytes = Buffer.from('PK\u0003\u0004 a trace of attempt 1');
    writeFileSync(join(attemptDir, 'trace.zip'), traceBytes);
    writeFileSync(join(dataDir, 'secret.txt'), 'outside the artifacts folder');
    await ledger.setStatus(
      orderId,
      'failed',
      { actor: 'keying-bot', action: 'keying:failed', reason: 'CRM answered 503', detail: { attempt: 1, artifacts: { dir: attemptDir, trace: join(attemptDir, 'trace.zip') } } },
      { statusNote: 'CRM answered 503' },
    );

    const page = await logIn('operator', `/orders/${orderId}`);
    const actions = await page.getByTestId('audit-event').locator('td:nth-child(3) strong').allTextContents();
    expect(actions).toEqual(['received', 'receipt:sent', 'review:routed', 'approval:requested', 'approval:approved', 'keying:started', 'keying:failed']);
    // Text from mails and sheets is shown, never run.
    expect(await page.getByText('OK for this client <script>alert(1)</script>').count()).toBe(1);
    const screenshot = page.getByRole('img', { name: 'screenshot of attempt 1' });
    await expect.poll(() => screenshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('artifact-trace').click()]);
    expect(download.suggestedFilename()).toBe('trace.zip');
    expect(await readFile(await download.path())).toEqual(traceBytes);
    for (const sneaky of ['/orders/t-1/artifacts/1/..%2F..%2F..%2Fsecret.txt', '/orders/..%2F/artifacts/1/secret.txt', '/orders/t-1/artifacts/..%2F..%2F/secret.txt']) {
      expect(await fetchFromPage(page, sneaky, { method: 'GET' })).toBe(404);
    }

    expect(await page.getByRole('button', { name: 'Re-send approval request' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Re-run keying' }).click();
    await page.waitForURL(/done=rerun-keying/);
    expect(await page.getByTestId('order-status').first().textContent()).toBe('approved');
    const jobs = await runtime.queues.get('keying').getJobs(['waiting', 'prioritized', 'delayed']);
    const rerun = jobs.find((job) => (job.data as { orderId?: string }).orderId === orderId);
    expect(rerun?.id).toMatch(/^keying-t-1-rerun-\d+$/);
    const trail = await ledger.auditTrail(orderId);
    expect(trail.at(-1)).toMatchObject({ actor: `dashboard:${PEOPLE.operator.name}`, action: 'dashboard:rerun-keying', detail: { previousStatus: 'failed', jobId: rerun?.id } });
  });

  it('marks an order resolved with a note, and re-sends an approval request for an order that waits', async () => {
    await seedOrder(runtime, { orderId: 'r-1', externalRef: 'PO-RESOLVE-1', submitter: 'sales3@sandbox.example', status: 'needs_attention' });
    await seedOrder(runtime, { orderId: 'a-1', externalRef: 'PO-APPROVAL-1', submitter: 'sales3@sandbox.example', status: 'awaiting_approval' });
    const page = await logIn('admin', '/orders/r-1');
    const resolve = page.locator('form[action$="/resolve"]');
    await resolve.getByRole('button', { name: 'Mark resolved' }).click();
    // The note is required: the browser does not send the form without one.
    expect(new URL(page.url()).search).toBe('');
    await resolve.getByLabel('Note').fill('Keyed by hand in the CRM as SO-2026-004711');
    await resolve.getByRole('button', { name: 'Mark resolved' }).click();
    await page.waitForURL(/done=resolved/);
    expect(await page.getByRole('status').textContent()).toContain('Order marked resolved');
    expect(await runtime.ledger.get('r-1')).toMatchObject({ status: 'resolved', statusNote: 'Keyed by hand in the CRM as SO-2026-004711' });
    expect((await runtime.ledger.auditTrail('r-1')).at(-1)).toMatchObject({ actor: `dashboard:${PEOPLE.admin.name}`, action: 'dashboard:resolved', reason: 'Keyed by hand in the CRM as SO-2026-004711' });
    expect(await page.getByRole('button', { name: /Mark resolved|Re-run keying/ }).count()).toBe(0);

    await page.goto(`${dashboard.url}/orders/a-1`);
    await page.getByRole('button', { name: 'Re-send approval request' }).click();
    await page.waitForURL(/done=resend-approval/);
    const jobs = await runtime.queues.get('approvals').getJobs(['waiting', 'prioritized', 'delayed']);
    expect(jobs.map((j) => j.data)).toContainEqual({ orderId: 'a-1' });
    expect((await runtime.ledger.auditTrail('a-1')).at(-1)).toMatchObject({ actor: `dashboard:${PEOPLE.admin.name}`, action: 'dashboard:resend-approval' });
  });
});
