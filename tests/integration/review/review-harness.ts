import { randomBytes, randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { CanonicalOrder } from '../../../bots/intake/canonical-order.ts';
import type { Settings } from '../../../config/settings-schema.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import type { Mailbox, StackInfo } from '../../../fixtures/local-stack/index.ts';
import { orderTable, tableXlsxBuffer, type SampleField, type SampleOrder } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { SAMPLE_FIELDS } from '../../../fixtures/sample-sheets/sample-orders.ts';
import { startApprovalsRole } from '../../../jobs/approvals-role.ts';
import { jobIdFor } from '../../../jobs/queue-catalogue.ts';
import { startReviewRole } from '../../../jobs/review-role.ts';
import { startIntakeRole, type RunningRole } from '../../../jobs/roles.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { testApprovalSetup, type ApprovalPeople, type ApprovalWorld } from '../approvals/approval-harness.ts';
import { eventually, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

/** The suite's business date in every review test. */
const SUITE_TODAY = '2026-03-15';

/** A customer as the Acme suite's ground truth holds it. */
export interface TruthCustomer {
  id: string;
  name: string;
  idType: CanonicalOrder['idType'];
  idNumber: string;
  riskTolerance: string;
  creditGrade: string;
  blocked: boolean;
}

/** An approvals world (intake, review on the CRM's facts, approvals) keyed to an Acme suite of its own. */
export interface ReviewWorld extends ApprovalWorld {
  suite: AcmeSuiteHandle;
  customers: TruthCustomer[];
}

function people(stack: StackInfo): ApprovalPeople {
  const names = ['shared', 'submitter', 'ops', 'manager', 'deputy', 'secondManager', 'awayManager', 'risk', 'riskDeputy', 'compliance', 'complianceDeputy', 'mallory', 'assistant'] as const;
  return Object.fromEntries(names.map((n) => [n, sandboxMailbox(stack, n.toLowerCase())])) as unknown as ApprovalPeople;
}

export async function startReviewWorld(stack: StackInfo, env: Record<string, string> = {}): Promise<ReviewWorld> {
  const suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY });
  const p = people(stack);
  const base = testSettings(stack, p.shared, {
    OPS_ADDRESS: p.ops.address,
    CRM_URL: suite.url,
    CRM_USER: suite.credentials.user,
    CRM_PASSWORD: suite.credentials.password,
    REVIEW_SCREEN_TIMEOUT_MS: '5000',
    ...env,
  });
  const settings: Settings = { ...base, intake: { ...base.intake, allowedSenderDomains: [stack.sandbox.domain], sweepIntervalSeconds: 5 } };
  // The approval tests' own test-only branches (TWO-MGR, ...) are no CRM branches: review would refuse to start on them.
  const approvals = testApprovalSetup(p, settings.timezone);
  const setup = { ...approvals, directory: { ...approvals.directory, config: { ...approvals.directory.config, branches: {} } } };
  const runtime = await Runtime.create(settings);
  const roles: RunningRole[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(roles.map((r) => r.close()));
    await runtime.close();
    await suite.close();
  };
  try {
    roles.push(await startIntakeRole(runtime));
    roles.push(startReviewRole(runtime, setup));
    roles.push(await startApprovalsRole(runtime, { setup }));
  } catch (error) {
    await close();
    throw error;
  }
  const customers = (await (await fetch(`${suite.url}/__fixture/customers`)).json()) as TruthCustomer[];
  return { stack, people: p, settings, setup, runtime, clockOffsetMs: { value: 0 }, suite, customers, close };
}

/** An order the CRM's record bears out for `customer`: its own name and ID, a product and amount of our choosing. */
export function orderFor(customer: TruthCustomer, change: Partial<CanonicalOrder> = {}): CanonicalOrder {
  return {
    externalRef: `REV-${randomUUID().slice(0, 8).toUpperCase()}`,
    orderDate: SUITE_TODAY,
    customerId: customer.id,
    customerName: customer.name,
    idType: customer.idType,
    idNumber: customer.idNumber,
    productCode: 'BD-R1-GOV',
    productRisk: 'R1',
    customerRisk: customer.riskTolerance as CanonicalOrder['customerRisk'],
    amount: '30000.00',
    currency: 'CNY',
    termMonths: 12,
    paymentMethod: 'bank_transfer',
    salesRep: '陈晓东',
    branch: 'SH-PD',
    creditGrade: customer.creditGrade,
    ...change,
  };
}

/** Orders recorded as intake would (mailed by the submitter) and queued for review in one bulk add. */
export async function submitOrders(world: ReviewWorld, orders: Partial<CanonicalOrder>[]): Promise<string[]> {
  const submissionId = `<${randomUUID()}@${world.stack.sandbox.domain}>`;
  const entries = orders.map((order, i) => ({
    orderId: `o-${randomBytes(10).toString('hex')}`,
    externalRef: order.externalRef ?? '',
    order,
    source: { kind: 'mail' as const, reference: submissionId, submitter: world.people.submitter.address, row: i + 2 },
  }));
  await world.runtime.ledger.recordReceived(entries, 'test');
  await world.runtime.queues.addBulk('review', entries.map((e) => ({ jobId: jobIdFor('review', e.orderId), payload: { orderId: e.orderId } })));
  return entries.map((e) => e.orderId);
}

/** Mails a sheet with only `fields` as columns (no grade or risk columns, say) from the submitter; intake takes it from there. */
export async function mailSheet(world: ReviewWorld, orders: CanonicalOrder[], fields: readonly SampleField[]): Promise<string[]> {
  const from: Mailbox = world.people.submitter;
  const transport = createTransport({ host: world.stack.smtp.host, port: world.stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: from.address, pass: from.password } });
  const sheet = await tableXlsxBuffer([{ name: '订单', rows: orderTable(orders as SampleOrder[], { fields }) }]);
  await transport.sendMail({ from: from.address, to: world.people.shared.address, subject: `订单 Orders ${orders[0]?.externalRef ?? ''}`, text: '请录入附件中的订单。', messageId: `<${randomUUID()}@${world.stack.sandbox.domain}>`, attachments: [{ filename: '订单.xlsx', content: sheet }] });
  transport.close();
  return Promise.all(orders.map((o) => eventually(`order ${o.externalRef} recorded by intake`, async () => world.runtime.ledger.findByReference(o.externalRef), 60_000)));
}

/** Every column but the grade and risk claims. */
export const FIELDS_WITHOUT_CLAIMS: readonly SampleField[] = SAMPLE_FIELDS.filter((f) => f !== 'creditGrade' && f !== 'productRisk' && f !== 'customerRisk');

/** How many times the suite served each screen (see RequestCounter). */
export async function suiteRequests(world: ReviewWorld): Promise<Record<string, number>> {
  return (await (await fetch(`${world.suite.url}/__fixture/requests`)).json()) as Record<string, number>;
}

const GOOD_GRADES = ['AAA', 'AA', 'A', 'BBB'];

/** Customers the CRM would let small R1 orders auto-approve for: active, graded BBB or better. */
export function goodCustomers(world: ReviewWorld): TruthCustomer[] {
  return world.customers.filter((c) => !c.blocked && GOOD_GRADES.includes(c.creditGrade));
}

/** Active customers graded below BBB. */
export function poorCustomers(world: ReviewWorld): TruthCustomer[] {
  return world.customers.filter((c) => !c.blocked && !GOOD_GRADES.includes(c.creditGrade));
}
