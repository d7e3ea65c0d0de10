import { randomBytes, randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import type { ApproverDirectory } from '../../../bots/approvals/index.ts';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import { loadApprovalRules } from '../../../bots/review/index.ts';
import { approversSchema } from '../../../config/approvers-schema.ts';
import type { Settings } from '../../../config/settings-schema.ts';
import { loadWorkingCalendar } from '../../../core/calendar/index.ts';
import type { AuditEvent, OrderStatus } from '../../../core/ledger/order-ledger.ts';
import type { Mailbox, StackInfo } from '../../../fixtures/local-stack/index.ts';
import { orderTable, tableXlsxBuffer, type SampleOrder } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import type { ApprovalSetup } from '../../../jobs/approval-setup.ts';
import { startApprovalsRole } from '../../../jobs/approvals-role.ts';
import { jobIdFor } from '../../../jobs/queue-catalogue.ts';
import { startIntakeRole, type RunningRole } from '../../../jobs/roles.ts';
import { startReviewRole } from '../../../jobs/review-role.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

/** Every mailbox an approvals test uses: its own, at the sandbox domain, so parallel files never meet. */
export interface ApprovalPeople {
  shared: Mailbox;
  submitter: Mailbox;
  ops: Mailbox;
  manager: Mailbox;
  deputy: Mailbox;
  secondManager: Mailbox;
  awayManager: Mailbox;
  risk: Mailbox;
  riskDeputy: Mailbox;
  compliance: Mailbox;
  complianceDeputy: Mailbox;
  mallory: Mailbox;
  /** The manager's assistant, who sends "on behalf of" them (Exchange's Sender header). */
  assistant: Mailbox;
}

/** Branch codes the test directory knows besides the firm-wide default. */
export const TWO_MANAGERS_BRANCH = 'TWO-MGR';
export const AWAY_MANAGER_BRANCH = 'AWAY-MGR';
/** A branch whose sales manager (the second manager) has neither a delegate nor a next in line. */
export const SOLE_MANAGER_BRANCH = 'SOLE-MGR';

function people(stack: StackInfo): ApprovalPeople {
  const names = ['shared', 'submitter', 'ops', 'manager', 'deputy', 'secondManager', 'awayManager', 'risk', 'riskDeputy', 'compliance', 'complianceDeputy', 'mallory', 'assistant'] as const;
  return Object.fromEntries(names.map((n) => [n, sandboxMailbox(stack, n.toLowerCase())])) as unknown as ApprovalPeople;
}

function dayOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The shipped rules and calendar, with an approver directory of this test's own mailboxes. */
export function testApprovalSetup(p: ApprovalPeople, timeZone: string): ApprovalSetup {
  const directory: ApproverDirectory = {
    source: 'test directory',
    config: approversSchema.parse({
      version: 1,
      roles: {
        'sales-manager': { approvers: [{ address: p.manager.address, name: 'Manager', delegate: p.deputy.address }] },
        risk: { approvers: [{ address: p.risk.address, name: 'Risk', delegate: p.riskDeputy.address }] },
        compliance: { approvers: [{ address: p.compliance.address, name: 'Compliance', delegate: p.complianceDeputy.address }] },
      },
      branches: {
        [TWO_MANAGERS_BRANCH]: { roles: { 'sales-manager': { approvers: [{ address: p.manager.address }, { address: p.secondManager.address }] } } },
        [SOLE_MANAGER_BRANCH]: { roles: { 'sales-manager': { approvers: [{ address: p.secondManager.address }] } } },
        [AWAY_MANAGER_BRANCH]: {
          roles: { 'sales-manager': { approvers: [{ address: p.awayManager.address, delegate: p.deputy.address, outOfOffice: [{ from: dayOffset(-3), to: dayOffset(3) }] }] } },
        },
      },
    }),
  };
  return { rules: loadApprovalRules(), directory, calendar: loadWorkingCalendar(undefined, timeZone) };
}

export interface ApprovalWorld {
  stack: StackInfo;
  people: ApprovalPeople;
  settings: Settings;
  setup: ApprovalSetup;
  runtime: Runtime;
  /** Moves the approvals bot's clock (token expiry, decision times); 0 is real time. */
  clockOffsetMs: { value: number };
  close(): Promise<void>;
}

/** Intake (triage and the mail sender), review and approvals, on this test's own Redis prefix and mailboxes. */
export async function startApprovalWorld(stack: StackInfo, env: Record<string, string> = {}): Promise<ApprovalWorld> {
  const p = people(stack);
  // These orders carry made-up customers and test-only branches: the approval flow is under test, not the CRM's facts.
  const base = testSettings(stack, p.shared, { OPS_ADDRESS: p.ops.address, REVIEW_FACTS_SOURCE: 'sheet', ...env });
  const settings: Settings = { ...base, intake: { ...base.intake, allowedSenderDomains: [stack.sandbox.domain], sweepIntervalSeconds: 5 } };
  const setup = testApprovalSetup(p, settings.timezone);
  const runtime = await Runtime.create(settings);
  const clockOffsetMs = { value: 0 };
  const roles: RunningRole[] = [];
  try {
    roles.push(await startIntakeRole(runtime));
    roles.push(startReviewRole(runtime, setup));
    roles.push(await startApprovalsRole(runtime, { setup, now: () => new Date(Date.now() + clockOffsetMs.value) }));
  } catch (error) {
    await Promise.allSettled(roles.map((r) => r.close()));
    await runtime.close();
    throw error;
  }
  return {
    stack,
    people: p,
    settings,
    setup,
    runtime,
    clockOffsetMs,
    close: async () => {
      await Promise.allSettled(roles.map((r) => r.close()));
      await runtime.close();
    },
  };
}

/** A clean order that passes the pre-checks; `change` steers the routing (amount, risk, branch). */
export function sampleOrder(change: Partial<CanonicalOrder> = {}): CanonicalOrder {
  return {
    externalRef: `APV-${randomUUID().slice(0, 8).toUpperCase()}`,
    orderDate: '2026-03-01',
    customerId: 'C100001',
    customerName: '王伟',
    idType: 'resident_id',
    idNumber: '11010519491231002X',
    productCode: 'FD-R3-BAL',
    productRisk: 'R3',
    customerRisk: 'C4',
    amount: '60000.00',
    currency: 'CNY',
    termMonths: 12,
    paymentMethod: '银行转账',
    salesRep: '陈晓东',
    branch: 'SH-PD',
    creditGrade: 'A',
    ...change,
  };
}

/** Records an order as intake would (mailed by the test's submitter, or `submitter`) and queues it for review. */
export async function submitOrder(world: ApprovalWorld, order: CanonicalOrder, submitter: Mailbox = world.people.submitter): Promise<{ orderId: string; submissionId: string }> {
  const orderId = `o-${randomBytes(10).toString('hex')}`;
  const submissionId = `<${randomUUID()}@${world.stack.sandbox.domain}>`;
  await world.runtime.ledger.recordReceived([{ orderId, externalRef: order.externalRef, order, source: { kind: 'mail', reference: submissionId, submitter: submitter.address, row: 2 } }], 'test');
  await world.runtime.queues.add('review', jobIdFor('review', orderId), { orderId });
  return { orderId, submissionId };
}

/** Mails an order sheet (one order, Chinese headers) to the shared mailbox from `from`, as a person would; intake takes it from there. */
export async function mailOrderSheet(world: ApprovalWorld, from: Mailbox, order: CanonicalOrder): Promise<{ orderId: string; messageId: string }> {
  const messageId = `<${randomUUID()}@${world.stack.sandbox.domain}>`;
  const transport = createTransport({ host: world.stack.smtp.host, port: world.stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: from.address, pass: from.password } });
  // A sample-sheet order is the canonical order's shape (fixtures import nothing from bots/).
  const sheet = await tableXlsxBuffer([{ name: '订单', rows: orderTable([order as SampleOrder]) }]);
  await transport.sendMail({ from: from.address, to: world.people.shared.address, subject: `订单 Orders ${order.externalRef}`, text: '请录入附件中的订单。', messageId, attachments: [{ filename: '订单.xlsx', content: sheet }] });
  transport.close();
  const orderId = await eventually(`order ${order.externalRef} recorded by intake`, async () => world.runtime.ledger.findByReference(order.externalRef));
  return { orderId, messageId };
}

export interface ReceivedMail {
  parsed: ParsedMail;
  subject: string;
  messageId: string;
  replyTo: string;
  text: string;
}

function firstAddress(value: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list[0]?.value[0]?.address ?? '';
}

/** Mails in a box whose subject matches, oldest first. */
export async function mailsIn(world: ApprovalWorld, box: Mailbox, subject: RegExp, folder = 'INBOX'): Promise<ReceivedMail[]> {
  const found: ReceivedMail[] = [];
  for (const message of await readFolder(world.stack, box, folder)) {
    const parsed = await simpleParser(message.source);
    if (!subject.test(parsed.subject ?? '')) continue;
    found.push({ parsed, subject: parsed.subject ?? '', messageId: parsed.messageId ?? '', replyTo: firstAddress(parsed.replyTo), text: parsed.text ?? '' });
  }
  return found;
}

/** Waits for the `count`-th mail matching `subject` in a box. */
export async function waitForMail(world: ApprovalWorld, box: Mailbox, subject: RegExp, count = 1, timeoutMs = 30_000): Promise<ReceivedMail> {
  return eventually(`mail ${subject} #${count} in ${box.address}`, async () => (await mailsIn(world, box, subject))[count - 1], timeoutMs);
}

/** Waits for OrderDesk's answer to one reply (threaded under it). */
export async function waitForAnswerTo(world: ApprovalWorld, box: Mailbox, messageId: string, timeoutMs = 30_000): Promise<ReceivedMail> {
  return eventually(`an answer to ${messageId} in ${box.address}`, async () => (await mailsIn(world, box, /^Re: /)).find((m) => m.parsed.inReplyTo === messageId), timeoutMs);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The request (not reminder or escalation) for an order's level `level`, as the approver sees it. */
export function requestSubject(externalRef: string, level?: number): RegExp {
  return new RegExp(`^审批 Approval ${level ?? '\\d+'}/\\d+ \\[${escapeRegExp(externalRef)}\\]`);
}

export interface ReplyOptions {
  /** Sends through the relay as someone else while writing `from` in the header. */
  authAs?: Mailbox;
  to?: string;
  /** A Sender header: the mail was sent by this person on behalf of `from`. */
  sender?: Mailbox;
  /** Extra headers, e.g. an auto-responder's markers. */
  headers?: Record<string, string>;
}

/** An approver answering a mail with their mail client: to its Reply-To, threaded under it, the request quoted below. */
export async function replyTo(world: ApprovalWorld, mail: ReceivedMail, from: Mailbox, body: string, options: ReplyOptions = {}): Promise<string> {
  const sender = options.authAs ?? from;
  const messageId = `<${randomUUID()}@${world.stack.sandbox.domain}>`;
  const transport = createTransport({ host: world.stack.smtp.host, port: world.stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: sender.address, pass: sender.password } });
  const quoted = mail.text.split('\n').map((line) => `> ${line}`).join('\n');
  await transport.sendMail({
    from: from.address,
    to: options.to ?? mail.replyTo,
    subject: `Re: ${mail.subject}`,
    inReplyTo: mail.messageId,
    references: [mail.messageId],
    messageId,
    ...(options.sender ? { sender: options.sender.address } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    text: `${body}\n\nOn Mon, 2 Mar 2026 at 10:00, OrderDesk <${world.people.shared.address}> wrote:\n${quoted}`,
  });
  transport.close();
  return messageId;
}

export async function waitForStatus(world: ApprovalWorld, orderId: string, status: OrderStatus, timeoutMs = 30_000): Promise<void> {
  await eventually(
    `order ${orderId} to be ${status}`,
    async () => ((await world.runtime.ledger.get(orderId))?.status === status ? true : undefined),
    timeoutMs,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; it is ${(await world.runtime.ledger.get(orderId))?.status}`);
  });
}

/** Waits for an audit event matching `match` (on the order's trail, or the global one). */
export async function waitForAudit(world: ApprovalWorld, match: (event: AuditEvent) => boolean, orderId?: string, timeoutMs = 30_000): Promise<AuditEvent> {
  return eventually('an audit event', async () => (await world.runtime.ledger.auditTrail(orderId)).find(match), timeoutMs);
}

/** Whether a message (by Message-ID) is in a folder of the shared mailbox. */
export async function inSharedFolder(world: ApprovalWorld, folder: string, messageId: string): Promise<boolean> {
  return (await readFolder(world.stack, world.people.shared, folder)).some((m) => m.source.includes(messageId));
}
