import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import type { Transporter } from 'nodemailer';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AGING_BUCKETS, agingBucket, agingSummary, fromCents, toCents, type AgingBucket } from '../../../bots/dunning/aging.ts';
import { runDunning, type DunningRunDeps, type DunningRunResult } from '../../../bots/dunning/dunning-run.ts';
import { buildFinanceWorkbook } from '../../../bots/dunning/finance-report.ts';
import { planLetters } from '../../../bots/dunning/plan-letters.ts';
import type { ReceivablesSource } from '../../../selectors/contract/receivables-source.ts';
import { dunningPolicySchema } from '../../../config/dunning-policy-schema.ts';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { loadYamlConfig } from '../../../core/config/load-yaml-config.ts';
import { DunningLedger } from '../../../core/ledger/dunning-ledger.ts';
import { MailboxConnection } from '../../../core/mail/mailbox-connection.ts';
import { createSmtpTransport } from '../../../core/mail/smtp-transport.ts';
import type { Mailbox } from '../../../fixtures/local-stack/index.ts';
import type { TrytonCustomerTruth, TrytonInfo, TrytonInvoiceTruth } from '../../../fixtures/tryton/index.ts';
import { TrytonRpc } from '../../../fixtures/tryton/tryton-rpc.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { TrytonReceivablesSource } from '../../../selectors/tryton/index.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';
import { daysBetween, receivableOf, TRYTON_SCREEN_TIMEOUT_MS as SCREEN_TIMEOUT_MS, TRYTON_START_TIMEOUT_MS as START_TIMEOUT_MS, TrytonTestDatabase } from '../helpers/tryton-harness.ts';

const stack = inject('stack');
const finance = sandboxMailbox(stack, 'tryton-finance');
const manager = sandboxMailbox(stack, 'tryton-manager');
const dir = mkdtempSync(join(tmpdir(), 'orderdesk-tryton-dunning-'));
const policyFile = join(dir, 'dunning.yaml');
// The repo's policy, sending from and reporting to this file's own mailboxes.
writeFileSync(
  policyFile,
  readFileSync('config/dunning.yaml', 'utf8')
    .replace(/fromAddress: .*/, `fromAddress: ${finance.address}`)
    .replace(/reportTo: .*/, `reportTo: [${finance.address}]`)
    .replace(/default: .*/, `default: ${manager.address}`),
);
const policy = loadYamlConfig(policyFile, dunningPolicySchema);

/** A run reads every invoice, then re-reads some twenty customers' statements on a loaded machine. */
const RUN_TIMEOUT_MS = 600_000;
/** Customers worked on at once, each on a browser context of its own, as the dunning job does. */
const CONCURRENCY = 2;

function daysOverdue(dueDate: string, asOf: string): number {
  return Math.max(0, daysBetween(dueDate, asOf));
}

let tryton: TrytonTestDatabase;
let info: TrytonInfo;
/** The runs' date: the seed's business date, so the policy has every stage to write on any day. */
let runDate: string;
let browser: Browser;
let page: Page;
let runtime: Runtime;
let ledger: DunningLedger;
let transport: Transporter;
let copies: MailboxConnection;
/** Each customer's mailbox, by party code: the e-mail address Tryton holds for them (see beforeAll). */
const customerMailboxes = new Map<string, Mailbox>();
const contexts: BrowserContext[] = [];

/** Extra lanes get browser contexts of their own, kept signed in between customers (the job's pool does the same). */
const idleSources: TrytonReceivablesSource[] = [];
async function withExtraSource(work: (source: ReceivablesSource) => Promise<void>): Promise<void> {
  let source = idleSources.pop();
  if (!source) {
    const context = await browser.newContext();
    contexts.push(context);
    source = new TrytonReceivablesSource(await context.newPage(), info, SCREEN_TIMEOUT_MS, runDate);
  }
  try {
    await work(source);
  } finally {
    idleSources.push(source);
  }
}

let mainSource: TrytonReceivablesSource;
function deps(): DunningRunDeps {
  return {
    source: mainSource,
    withExtraSource,
    concurrency: CONCURRENCY,
    ledger,
    outbox: runtime.outbox,
    transport,
    deliveredAlready: (messageId) =>
      copies.withMailbox('INBOX', async (client) => {
        const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
        return Array.isArray(found) && found.length > 0;
      }),
    deliveredMatching: (fragment) =>
      copies.withMailbox('INBOX', async (client) => {
        const ids = new Set<string>();
        const found = await client.search({ header: { 'message-id': fragment } }, { uid: true });
        if (!Array.isArray(found) || found.length === 0) return ids;
        for await (const message of client.fetch(found, { envelope: true }, { uid: true })) if (message.envelope?.messageId) ids.add(message.envelope.messageId);
        return ids;
      }),
    policy,
    // The run is for the business date whatever the calendar says of it (the seed's due dates are relative to it);
    // holidays and weekends are the Acme run's test (tests/integration/dunning/dunning-run.test.ts).
    isWorkingDay: () => true,
    audit: (e) => runtime.ledger.audit(e),
    log: runtime.log,
  };
}

interface DeliveredLetters {
  /** Letter id → how many copies arrived. */
  ids: Map<string, number>;
  subjects: string[];
  /** "invoice|stage" the letters name (their X-OrderDesk-Dunning header). */
  items: string[];
}

/** Every dunning letter in each customer's mailbox, by party code. */
async function lettersInMailboxes(): Promise<Map<string, DeliveredLetters>> {
  const found = new Map<string, DeliveredLetters>();
  for (const [code, box] of customerMailboxes) {
    const entry: DeliveredLetters = { ids: new Map(), subjects: [], items: [] };
    for (const message of await readFolder(stack, box)) {
      const parsed = await simpleParser(message.source);
      const id = /^<?(dunning-[^@]+)@/.exec(parsed.messageId ?? '')?.[1];
      if (!id) continue;
      entry.ids.set(id, (entry.ids.get(id) ?? 0) + 1);
      entry.subjects.push(parsed.subject ?? '');
      const items = String(parsed.headers.get('x-orderdesk-dunning') ?? '');
      entry.items.push(...items.split(',').map((i) => i.trim().replace(/:([^:]+)$/, '|$1')).filter((i) => i !== ''));
    }
    found.set(code, entry);
  }
  return found;
}

beforeAll(async () => {
  tryton = await TrytonTestDatabase.open('dunning');
  info = tryton.info;
  runDate = tryton.runDate;
  // The seed's addresses all land in the stack's one customers catch-all mailbox, shared with other
  // tests. A clerk gives every customer a mailbox of this file's own (the sandbox domain delivers
  // anywhere, one mailbox per address), through Tryton's own API; the ground truth then names those.
  const rpc = new TrytonRpc(info.url.replace(/\/$/, ''), info.database, info.user, info.password);
  const emails = await rpc.searchRead('party.contact_mechanism', [['type', '=', 'email']], ['party.code']);
  for (const row of emails) {
    const code = String((row['party.'] as { code?: unknown } | undefined)?.code ?? '');
    const box = sandboxMailbox(stack, `tryton-customer-${code}`);
    customerMailboxes.set(code, box);
    await rpc.call('model.party.contact_mechanism.write', [[row.id], { value: box.address }, {}]);
  }

  browser = await launchChromium();
  const context = await browser.newContext();
  contexts.push(context);
  page = await context.newPage();
  mainSource = new TrytonReceivablesSource(page, info, SCREEN_TIMEOUT_MS, runDate);
  const settings = testSettings(stack, sandboxMailbox(stack, 'tryton-orders'), { DUNNING_MAILBOX_PASSWORD: finance.password });
  runtime = await Runtime.create({ ...settings, dunning: { ...settings.dunning, policyFile } });
  ledger = new DunningLedger(runtime.redis, settings.redis.prefix);
  transport = createSmtpTransport({ host: stack.smtp.host, port: stack.smtp.port, user: finance.address, password: finance.password });
  copies = new MailboxConnection({ account: { host: stack.imap.host, port: stack.imap.port, user: finance.address, password: finance.password }, log: runtime.log });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await copies?.close();
  transport?.close();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a dunning run over Tryton', () => {
  let first: DunningRunResult;
  let posted: TrytonInvoiceTruth[];

  it('sends each customer the letter the policy plans for Tryton’s receivables, once, to the address Tryton holds', async () => {
    posted = await tryton.postedInvoices();
    const customers = await tryton.customers();
    // The ground truth already names this file's mailboxes: the write above went through.
    for (const c of customers) expect(customerMailboxes.get(c.code)?.address, c.code).toBe(c.email);

    // What the repo's policy asks for, planned from Tryton's own figures.
    const plan = planLetters({ invoices: posted.map((i) => receivableOf(i, runDate)), policy, runDate, alreadySent: () => false, lastLetterDate: () => undefined });
    const expectedLetters = new Map(plan.letters.map((l) => [l.customerId, l.items.map((i) => `${i.invoice.invoiceNo}|${i.stage.name}`).sort()]));
    expect(plan.letters.length).toBeGreaterThan(5);
    // Every stage the policy writes letters for is in the plan, and collections hand-overs too.
    expect(new Set(plan.letters.flatMap((l) => l.items.map((i) => i.stage.name)))).toEqual(new Set(policy.stages.filter((s) => s.letter).map((s) => s.name)));
    expect(plan.handovers.length).toBeGreaterThan(0);

    const started = performance.now();
    first = await runDunning(deps(), { runDate, dryRun: false });
    console.info(`tryton dunning run: ${first.invoiceCount} invoices read in ${Math.round(first.downloadMs)} ms, ${first.letters.length} letters, ${Math.round(performance.now() - started)} ms in all`);

    expect(first.readVia).toBe('export');
    expect(first.invoiceCount).toBe(posted.length);
    expect(new Map(first.letters.map((l) => [l.customerId, l.invoices.map((i) => `${i.invoiceNo}|${i.stage}`).sort()]))).toEqual(expectedLetters);
    // Nothing went wrong on the way: no bounce, no missing address, nothing "paid meanwhile".
    expect(first.exceptions.filter((e) => e.kind !== 'handed_to_collections')).toEqual([]);
    expect(first.exceptions.map((e) => e.invoiceNo).sort()).toEqual(plan.handovers.map((h) => h.invoice.invoiceNo).sort());
    const byCode = new Map(customers.map((c) => [c.code, c]));
    for (const letter of first.letters) {
      const customer = byCode.get(letter.customerId) as TrytonCustomerTruth;
      expect({ email: letter.email, language: letter.language, name: letter.customerName }, letter.customerId).toEqual({ email: customer.email, language: customer.language, name: customer.name });
    }

    // Each letter reached its customer's mailbox exactly once; customers without a letter got none.
    const letterId = (code: string): string => `dunning-${code}-${runDate}`;
    const mailboxes = await eventually(
      'every letter in its customer’s mailbox',
      async () => {
        const found = await lettersInMailboxes();
        return first.letters.every((l) => found.get(l.customerId)?.ids.has(letterId(l.customerId))) ? found : undefined;
      },
      60_000,
    );
    for (const [code, { ids, subjects, items }] of mailboxes) {
      expect([...ids], code).toEqual(expectedLetters.has(code) ? [[letterId(code), 1]] : []);
      expect(items.sort(), code).toEqual(expectedLetters.get(code) ?? []);
      // The customer's language decides the letter's.
      for (const subject of subjects) expect(subject, code).toMatch(byCode.get(code)?.language === 'zh' ? /付款提醒/ : /Payment reminder/);
    }
    // Final notices copy the account manager (Tryton names none, so the policy's default).
    const finals = first.letters.filter((l) => l.invoices.some((i) => i.stage === 'final_notice')).length;
    expect(finals).toBeGreaterThan(0);
    expect((await readFolder(stack, manager)).length).toBe(finals);
  }, RUN_TIMEOUT_MS);

  it('a second run for the same date sends nothing new', async () => {
    expect(first).toBeDefined();
    const again = await runDunning(deps(), { runDate, dryRun: false });
    expect(again.invoiceCount).toBe(posted.length);
    expect(again.letters).toEqual([]);
    // The relay puts a letter in its mailbox before it accepts it, so a letter this run had sent would be
    // there already: each mailbox still holds the one letter of the first run.
    for (const [code, { ids }] of await lettersInMailboxes()) for (const [id, n] of ids) expect(n, `${code} ${id}`).toBe(1);
  }, RUN_TIMEOUT_MS);

  it('the finance report’s aging equals Tryton’s own totals, bucket by bucket', async () => {
    expect(first).toBeDefined();
    // Tryton's figures: amount to pay of every posted invoice, by the bucket of its due date.
    const expected = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0n])) as Record<AgingBucket, bigint>;
    for (const invoice of posted) expected[agingBucket(daysOverdue(invoice.dueDate, runDate))] += toCents(invoice.amountToPay);
    const total = posted.reduce((sum, i) => sum + toCents(i.amountToPay), 0n);
    expect(AGING_BUCKETS.filter((b) => expected[b] > 0n)).toEqual([...AGING_BUCKETS]);

    const summary = agingSummary(first.invoices);
    expect(summary.totals.map((t) => t.currency)).toEqual(['CNY']);
    const [cny] = summary.totals;
    expect(cny?.buckets).toEqual(expected);
    expect(cny?.total).toBe(total);

    // The workbook finance is mailed, read back cell by cell.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildFinanceWorkbook({ runDate, invoices: first.invoices, letters: first.letters, exceptions: first.exceptions })) as unknown as ArrayBuffer);
    const totals: unknown[][] = [];
    (workbook.getWorksheet('Aging summary') as ExcelJS.Worksheet).eachRow((row) => {
      const values = row.values as unknown[];
      if (values[1] === 'TOTAL') totals.push(values);
    });
    expect(totals.map((v) => v[3])).toEqual(['CNY']);
    const row = totals[0] as unknown[];
    AGING_BUCKETS.forEach((bucket, i) => expect(Number(row[4 + i]).toFixed(2), bucket).toBe(fromCents(expected[bucket])));
    expect(Number(row[4 + AGING_BUCKETS.length]).toFixed(2)).toBe(fromCents(total));
  }, RUN_TIMEOUT_MS);
});
