import { randomBytes, randomUUID } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyDecision, newApprovalRecord, startLevel, type ApprovalRecord } from '../../../bots/approvals/approval-record.ts';
import { ApprovalStore } from '../../../bots/approvals/approval-store.ts';
import { approverKey } from '../../../bots/approvals/approver-directory.ts';
import { calendarSchema } from '../../../config/calendar-schema.ts';
import type { Settings } from '../../../config/settings-schema.ts';
import { workingCalendarFrom } from '../../../core/calendar/index.ts';
import type { OrderStatus } from '../../../core/ledger/order-ledger.ts';
import type { Mailbox } from '../../../fixtures/local-stack/index.ts';
import { createMailProcessor } from '../../../jobs/mail.job.ts';
import { sendDailyOpsReport } from '../../../jobs/ops-report.job.ts';
import { jobIdFor } from '../../../jobs/queue-catalogue.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { startWorker, type QueueWorker } from '../../../jobs/workers.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

const stack = inject('stack');
const HOUR = 3600_000;
const NOTE = 'CRM: customer <b>frozen</b> & "blocked"';

/**
 * Every day a working day, round the clock: the orders below are recorded at real time (the ledger
 * stamps its own clock), so the report must be allowed on whatever day the suite runs. Working hours
 * then equal clock hours, which keeps the SLA arithmetic below plain.
 */
const everyDay = workingCalendarFrom(
  calendarSchema.parse({ version: 1, workingWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], businessHours: [{ from: '00:00', to: '23:59' }] }),
  'Asia/Shanghai',
  'test calendar',
);

let runtime: Runtime;
let mailWorker: QueueWorker;
let approvals: ApprovalStore;
let manager: Mailbox;
let reportTime: Date;
let reportDay: string;
const refs: Record<string, string> = {};

async function reportMails(): Promise<ParsedMail[]> {
  const parsed = await Promise.all((await readFolder(stack, manager)).map((m) => simpleParser(m.source)));
  return parsed.filter((m) => /Daily ops report/.test(m.subject ?? ''));
}

/** Records the orders as intake does, one submission, and returns their ids by name. */
async function receive(names: string[]): Promise<Record<string, string>> {
  const ids = Object.fromEntries(names.map((name) => [name, `o-${randomBytes(10).toString('hex')}`]));
  const submission = `<${randomUUID()}@${stack.sandbox.domain}>`;
  for (const name of names) refs[name] = name === 'refused' ? `OPS-${randomUUID().slice(0, 6)}&<R>` : `OPS-${name}-${randomUUID().slice(0, 6)}`;
  await runtime.ledger.recordReceived(
    names.map((name, row) => ({ orderId: ids[name] as string, externalRef: refs[name] as string, order: { externalRef: refs[name], amount: '1000.00' }, source: { kind: 'mail' as const, reference: submission, submitter: `sales@${stack.sandbox.domain}`, row: row + 2 } })),
    'intake-bot',
  );
  return ids;
}

async function setStatus(orderId: string, status: OrderStatus, actor: string, action: string, update: Parameters<Runtime['ledger']['setStatus']>[3] = {}): Promise<void> {
  await runtime.ledger.setStatus(orderId, status, { actor, action }, update);
}

/** Review auto-approves, then keying moves the order on as the keying bot does. */
async function autoApproveAndKey(orderId: string, outcome: 'keyed' | 'needs_attention' | 'failed'): Promise<void> {
  await setStatus(orderId, 'approved', 'review-bot', 'review:auto-approved');
  await setStatus(orderId, 'keying', 'keying-bot', 'keying:started');
  if (outcome === 'keyed') await setStatus(orderId, 'keyed', 'keying-bot', 'keying:keyed', { crmOrderNo: 'SO-1', keyedAt: new Date().toISOString(), keyingMs: 900 });
  if (outcome === 'needs_attention') await setStatus(orderId, 'needs_attention', 'keying-bot', 'keying:refused', { statusNote: NOTE });
  if (outcome === 'failed') await setStatus(orderId, 'failed', 'keying-bot', 'keying:failed', { statusNote: 'CRM did not answer' });
}

/**
 * Review routes the order to one sales-manager level, which was asked `requestedHoursAgo` (the approvals
 * bot's clock, set back as a slow approver leaves it); `answer` is the manager's reply, `answeredHoursAgo`.
 */
async function routeToManager(orderId: string, requestedHoursAgo: number, answer?: { decision: 'approve' | 'reject'; answeredHoursAgo: number }): Promise<void> {
  const now = Date.now();
  await setStatus(orderId, 'awaiting_approval', 'review-bot', 'review:routed', { statusNote: 'approval level 1 of 1: sales-manager' });
  const approver = { key: approverKey(manager.address), approver: manager.address, away: false, sendTo: manager.address, escalateTo: manager.address, allowed: [manager.address] };
  const opened = newApprovalRecord({ orderId, externalRef: orderId, rule: 'manager-approval', reasons: ['amount above the auto-approval limit'], levels: [{ role: 'sales-manager', approve: 'one' }] });
  let record: ApprovalRecord = startLevel(opened, 0, [approver], new Date(now - requestedHoursAgo * HOUR), new Date(now + 5 * 24 * HOUR));
  if (answer) {
    const at = new Date(now - answer.answeredHoursAgo * HOUR).toISOString();
    record = applyDecision(record, 0, approver.key, { decision: answer.decision, by: manager.address, at, comment: 'ok', messageId: `<${randomUUID()}@sandbox>`, replyId: randomUUID() }).record;
  }
  const saved = await approvals.update(orderId, () => ({ record, nextChaseAt: null, result: undefined }));
  expect(saved.saved).toBe(true);
  if (answer?.decision === 'approve') await setStatus(orderId, 'approved', manager.address, 'approval:decision');
  if (answer?.decision === 'reject') await setStatus(orderId, 'rejected', manager.address, 'approval:decision', { statusNote: 'too risky' });
}

beforeAll(async () => {
  manager = sandboxMailbox(stack, 'manager');
  const base = testSettings(stack, sandboxMailbox(stack, 'shared'));
  const settings: Settings = { ...base, opsReport: { ...base.opsReport, recipients: [manager.address] } };
  runtime = await Runtime.create(settings);
  mailWorker = startWorker(runtime, 'mail', createMailProcessor(runtime));
  approvals = new ApprovalStore(runtime.redis, settings.redis.prefix);

  const ids = await receive(['keyed', 'refused', 'failed', 'waiting2h', 'waiting10h', 'waiting30h', 'waiting100h', 'approved', 'rejected']);
  await autoApproveAndKey(ids.keyed as string, 'keyed');
  await autoApproveAndKey(ids.refused as string, 'needs_attention');
  await autoApproveAndKey(ids.failed as string, 'failed');
  await routeToManager(ids.waiting2h as string, 2);
  await routeToManager(ids.waiting10h as string, 10);
  await routeToManager(ids.waiting30h as string, 30);
  await routeToManager(ids.waiting100h as string, 100);
  await routeToManager(ids.approved as string, 3, { decision: 'approve', answeredHoursAgo: 1 });
  await routeToManager(ids.rejected as string, 11, { decision: 'reject', answeredHoursAgo: 1 });
  // A second on, so everything recorded above lies inside the window's half-open end.
  reportTime = new Date(Date.now() + 1_000);
  reportDay = everyDay.localDay(reportTime);
});

afterAll(async () => {
  await mailWorker?.close();
  await runtime?.close();
});

describe('the daily ops report', () => {
  it("mails the managers the day's figures, the backlog and the SLA breaches", async () => {
    expect(await sendDailyOpsReport(runtime, reportTime, everyDay)).toBe(`ops-report-${reportDay}`);
    const [report] = await eventually('the ops report in the manager mailbox', async () => ((await reportMails()).length > 0 ? reportMails() : undefined));
    expect(report?.subject).toBe(`OrderDesk 运营日报 Daily ops report ${reportDay}: 9 received, 4 awaiting approval, 2 need attention, 5 SLA breaches`);
    const text = report?.text ?? '';
    for (const line of [
      '收到 Received: 9',
      '自动批准 Auto-approved: 3',
      '审批通过 Approved by approvers: 1',
      '审批拒绝 Rejected by approvers: 1',
      '已录入 CRM Keyed: 1',
      '录入失败 Failed: 1',
      '需处理 Needs attention: 1',
      '(2 级答复 level(s) answered, request to answer): p50 2 h 00 min, p95 10 h 00 min',
      '待审批 Waiting for approval: 4',
      '< 4 工作小时 working hours: 1',
      '4 工作小时 – 1 工作日 working hours – 1 working day: 1',
      '1 – 3 工作日 working days: 1',
      '> 3 工作日 working days: 1',
      'SLA 超时 SLA breaches: 5',
    ]) {
      expect(text).toContain(line);
    }
    // Approval answered within 8 working hours, keying within 30 minutes: the slow approvers, the late
    // rejection, and the order approved an hour ago that nobody keyed; most overdue first.
    const breachLines = text.split('\n').filter((l) => /^ {2}- (approval|keying) \|/.test(l));
    expect(breachLines.map((l) => l.replace(/^ {2}- /, '').split(' | ').slice(0, 2).join(' '))).toEqual([
      `approval ${refs.waiting100h}`,
      `approval ${refs.waiting30h}`,
      `approval ${refs.rejected}`,
      `approval ${refs.waiting10h}`,
      `keying ${refs.approved}`,
    ]);
    expect(text).toContain(`${refs.refused} |`);
    expect(text).toContain(NOTE);
    expect(report?.html).toContain('CRM: customer &#60;b&#62;frozen&#60;/b&#62; &#38; &#34;blocked&#34;');
    expect(report?.html).not.toContain('<b>frozen');
    expect(report?.html).toContain(`${(refs.refused ?? '').replace('&<R>', '')}&#38;&#60;R&#62;`);
  });

  it('sends one mail however often it runs that day', async () => {
    // A rerun, and two schedulers ticking together.
    expect(await sendDailyOpsReport(runtime, reportTime, everyDay)).toBe(`ops-report-${reportDay}`);
    const ticks = await Promise.all([sendDailyOpsReport(runtime, reportTime, everyDay), sendDailyOpsReport(runtime, reportTime, everyDay)]);
    expect(ticks).toEqual([`ops-report-${reportDay}`, `ops-report-${reportDay}`]);
    // The mail worker takes jobs in order: once a later mail has arrived, a second report would have too.
    const marker = { id: `marker-${randomUUID()}`, from: runtime.settings.mail.sharedMailbox, to: [manager.address], subject: 'marker', text: 'after the reruns' };
    await runtime.outbox.stage(marker);
    await runtime.queues.add('mail', jobIdFor('mail', marker.id), { mailId: marker.id });
    await eventually('the marker mail', async () => ((await readFolder(stack, manager)).some((m) => m.source.includes('Subject: marker')) ? true : undefined));
    expect(await reportMails()).toHaveLength(1);
  });

  it.each([
    ['a Saturday', new Date('2026-03-07T00:00:00Z'), '2026-03-07'],
    ['National Day', new Date('2026-10-01T00:00:00Z'), '2026-10-01'],
  ])('sends nothing on %s (the shipped calendar)', async (_, now, day) => {
    expect(await sendDailyOpsReport(runtime, now)).toBeUndefined();
    expect(await runtime.outbox.status(`ops-report-${day}`)).toBeUndefined();
    expect(await runtime.queues.get('mail').getJob(jobIdFor('mail', `ops-report-${day}`))).toBeUndefined();
  });
});
