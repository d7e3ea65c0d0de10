import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVAL_ACTIONS } from '../../../bots/approvals/index.ts';
import { AUDIT_COLUMNS, AUDIT_TRAIL_ACTIONS, readAuditFile, verifyAuditTable, writeAuditExport } from '../../../bots/audit/index.ts';
import { localDayOf } from '../../../core/calendar/index.ts';
import { AuditReader } from '../../../core/ledger/audit-reader.ts';
import { mailChainAnchor } from '../../../jobs/audit-anchor.job.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { replyTo, requestSubject, sampleOrder, startApprovalWorld, submitOrder, waitForAudit, waitForMail, waitForStatus, type ApprovalWorld } from './approval-harness.ts';

const ORDERDESK_BIN = fileURLToPath(new URL('../../../bin/orderdesk', import.meta.url));
/** A tsx start-up on a loaded 2-core machine takes seconds; three of them run in one test. */
const CLI_TIMEOUT_MS = 90_000;
const CLI_TEST_TIMEOUT_MS = 3 * CLI_TIMEOUT_MS;
const stack = inject('stack');
let world: ApprovalWorld;
let dir: string;

beforeAll(async () => {
  world = await startApprovalWorld(stack);
  dir = mkdtempSync(join(tmpdir(), 'audit-evidence-'));
});
afterAll(async () => {
  await world?.close();
});

/** bin/orderdesk as an operator runs it, pointed at this test's Redis prefix. */
function orderdesk(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, REDIS_URL: stack.redis.url, ORDERDESK_REDIS_PREFIX: world.settings.redis.prefix, LOG_LEVEL: 'warn' };
    const child = spawn(ORDERDESK_BIN, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const column = (name: (typeof AUDIT_COLUMNS)[number]): number => AUDIT_COLUMNS.indexOf(name);

describe('evidence on demand: the hash-chained audit trail', () => {
  it('exports a day\'s events, which verify (exit 0), and fail to verify (exit 1, naming the row) after one cell is edited', async () => {
    const { people } = world;
    const order = sampleOrder();
    const { orderId } = await submitOrder(world, order);
    const request = await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    const forged = await replyTo(world, request, people.manager, 'APPROVE', { authAs: people.mallory });
    await waitForAudit(world, (e) => e.action === APPROVAL_ACTIONS.replyRefused && e.detail?.messageId === forged, orderId);
    const approval = await replyTo(world, request, people.manager, '同意 =1+1 客户资料齐全');
    await waitForStatus(world, orderId, 'approved');

    const day = localDayOf(new Date(), world.settings.timezone);
    const out = join(dir, 'day.xlsx');
    const exported = await orderdesk('audit', 'export', '--from', day, '--to', day, '--out', out);
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.out).toMatch(/^wrote \d+ audit events/);

    const rows = await readAuditFile(out);
    const decision = rows.find((r) => r[column('动作 Action')] === APPROVAL_ACTIONS.decision && r[column('订单编号 Order ref')] === order.externalRef) as string[];
    expect(decision[column('操作人 Actor')]).toBe(people.manager.address);
    expect(decision[column('决定 Decision')]).toBe('approve');
    // The approver's comment starts with "=": neutralised, so a spreadsheet shows it as text.
    expect(decision[column('意见 Comment')]).toBe("'=1+1 客户资料齐全");
    expect(decision[column('DMARC')]).toBe('pass');
    expect(decision[column('邮件 Message-ID')]).toBe(approval);
    expect(decision[column('令牌 Token id')]).toMatch(/^[0-9a-f]{12}$/);
    const refused = rows.find((r) => r[column('动作 Action')] === APPROVAL_ACTIONS.replyRefused && r[column('邮件 Message-ID')] === forged) as string[];
    expect(refused.slice(column('决定 Decision'), column('DMARC') + 1)).toEqual(['refused: sender-not-authenticated', expect.any(String), 'fail']);

    expect(await orderdesk('audit', 'verify', out)).toMatchObject({ code: 0, out: expect.stringMatching(/^OK: /) });

    // One cell edited, as someone would in Excel: the decision's actor.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const rowNumber = rows.indexOf(decision) + 1;
    sheet.getRow(rowNumber).getCell(column('操作人 Actor') + 1).value = people.deputy.address;
    const edited = join(dir, 'day-edited.xlsx');
    await workbook.xlsx.writeFile(edited);
    const broken = await orderdesk('audit', 'verify', edited);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN: ${edited}, row ${rowNumber}: cell "操作人 Actor" was changed`);

    // The export itself is on the trail (the firm's chain).
    await waitForAudit(world, (e) => e.action === AUDIT_TRAIL_ACTIONS.exported && e.detail?.file === 'day.xlsx');
  }, CLI_TEST_TIMEOUT_MS);

  it('exports csv too (the same steps the command runs, in process); a removed row fails to verify', async () => {
    const now = new Date();
    const events = await new AuditReader(world.runtime.redis, world.settings.redis.prefix).eventsBetween(new Date(now.getTime() - 24 * 3600_000), new Date(now.getTime() + 60_000));
    const out = join(dir, 'day.csv');
    const { rows } = await writeAuditExport(world.runtime.ledger, { events, timeZone: world.settings.timezone, window: 'the last day', path: out, format: 'csv', actor: 'test' });
    expect(rows).toBeGreaterThan(5);
    expect(verifyAuditTable(await readAuditFile(out))).toMatchObject({ ok: true, rows });
    const lines = readFileSync(out, 'utf8').split('\r\n');
    const cut = join(dir, 'day-cut.csv');
    writeFileSync(cut, [...lines.slice(0, 4), ...lines.slice(5)].join('\r\n'));
    expect(verifyAuditTable(await readAuditFile(cut))).toMatchObject({ ok: false, row: 5 });
  });

  it('exports one order\'s whole chain (the dashboard\'s order page offers this file), which verifies', async () => {
    const order = sampleOrder();
    const { orderId } = await submitOrder(world, order);
    await waitForMail(world, world.people.manager, requestSubject(order.externalRef, 1));
    const events = await new AuditReader(world.runtime.redis, world.settings.redis.prefix).orderChain(orderId);
    expect(events.map((e) => e.chain?.seq)).toEqual(events.map((_, i) => i + 1));
    const out = join(dir, 'order.xlsx');
    await writeAuditExport(world.runtime.ledger, { events, timeZone: world.settings.timezone, window: `order ${order.externalRef}`, path: out, format: 'xlsx', actor: 'dashboard:test', orderId });
    const rows = await readAuditFile(out);
    expect(rows.slice(2).every((r) => r[column('订单编号 Order ref')] === order.externalRef)).toBe(true);
    expect(verifyAuditTable(rows)).toMatchObject({ ok: true, rows: events.length, chains: 1 });
    await waitForAudit(world, (e) => e.action === AUDIT_TRAIL_ACTIONS.exported && e.actor === 'dashboard:test', orderId);
  });

  it('mails the compliance mailbox the day\'s chain heads, matching the chains\' last events', async () => {
    const { people } = world;
    const order = sampleOrder();
    const { orderId } = await submitOrder(world, order);
    await waitForMail(world, people.manager, requestSubject(order.externalRef, 1));
    const chain = await new AuditReader(world.runtime.redis, world.settings.redis.prefix).orderChain(orderId);
    const head = chain.at(-1)?.chain;

    const runtime = await Runtime.create({ ...world.settings, audit: { ...world.settings.audit, complianceAddress: people.compliance.address } });
    try {
      const tomorrow = new Date(Date.now() + 24 * 3600_000);
      const day = localDayOf(new Date(), world.settings.timezone);
      expect(await mailChainAnchor(runtime, tomorrow)).toMatch(new RegExp(`^audit anchor for ${day}: \\d+ chains$`));
      const anchor = await waitForMail(world, people.compliance, new RegExp(`Audit chain anchor ${day}`));
      const csv = anchor.parsed.attachments.find((a) => a.filename === `audit-anchor-${day}.csv`)?.content.toString('utf8') ?? '';
      expect(csv).toContain(`${orderId},${head?.seq},${head?.hash},${order.externalRef}`);
      await waitForAudit(world, (e) => e.action === AUDIT_TRAIL_ACTIONS.anchorMailed && e.detail?.day === day);
    } finally {
      await runtime.close();
    }
  });
});
