import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AUDIT_TRAIL_ACTIONS, readAuditFile, verifyAuditTable } from '../../../bots/audit/index.ts';
import { startDashboard, type RunningDashboard } from '../../../jobs/dashboard/dashboard-server.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { dashboardSettings, PEOPLE, seedOrder } from '../dashboard/dashboard-harness.ts';

const stack = inject('stack');
let runtime: Runtime;
let dashboard: RunningDashboard;

beforeAll(async () => {
  runtime = await Runtime.create((await dashboardSettings(stack)).settings);
  dashboard = await startDashboard(runtime);
});
afterAll(async () => {
  await dashboard?.close();
  await runtime?.close();
});

function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Logs in as a person does (the form's CSRF token and cookie, then the session cookie). */
async function logIn(person: { name: string; password: string }): Promise<string> {
  const form = await fetch(`${dashboard.url}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const response = await fetch(`${dashboard.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(form) },
    body: new URLSearchParams({ user: person.name, password: person.password, _csrf: token }).toString(),
  });
  expect(response.status).toBe(303);
  return cookiesOf(response);
}

describe('the order page offers the order\'s audit trail as a verifiable export', () => {
  it('links the export and downloads an xlsx that verifies, and audits the download', async () => {
    await seedOrder(runtime, { orderId: 'ae-1', externalRef: 'PO-AE-1', submitter: 'a@sandbox.example', status: 'failed' });
    const cookie = await logIn(PEOPLE.viewer);
    const page = await (await fetch(`${dashboard.url}/orders/ae-1`, { headers: { cookie } })).text();
    expect(page).toContain('href="/orders/ae-1/audit.xlsx"');

    const download = await fetch(`${dashboard.url}/orders/ae-1/audit.xlsx`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('audit-PO-AE-1.xlsx');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-dashboard-')), 'order.xlsx');
    writeFileSync(path, Buffer.from(await download.arrayBuffer()));
    expect(verifyAuditTable(await readAuditFile(path))).toEqual({ ok: true, rows: 2, chains: 1 });
    const trail = await runtime.ledger.auditTrail('ae-1');
    expect(trail.at(-1)).toMatchObject({ actor: `dashboard:${PEOPLE.viewer.name}`, action: AUDIT_TRAIL_ACTIONS.exported, detail: { rows: 2 } });
  });
});
