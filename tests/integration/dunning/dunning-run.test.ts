import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import type { Transporter } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runDunning, type DunningRunDeps } from '../../../bots/dunning/dunning-run.ts';
import { AGING_BUCKETS, agingBucket, toCents, fromCents } from '../../../bots/dunning/aging.ts';
import { dunningPolicySchema } from '../../../config/dunning-policy-schema.ts';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { loadWorkingCalendar } from '../../../core/calendar/index.ts';
import { loadYamlConfig } from '../../../core/config/load-yaml-config.ts';
import { DunningLedger } from '../../../core/ledger/dunning-ledger.ts';
import { MailboxConnection } from '../../../core/mail/mailbox-connection.ts';
import { createSmtpTransport } from '../../../core/mail/smtp-transport.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeReceivablesSource } from '../../../selectors/acme-suite/acme-receivables-source.ts';
import { DunningService } from '../../../jobs/dunning.job.ts';
import { createMailProcessor } from '../../../jobs/mail.job.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { startWorker, type QueueWorker } from '../../../jobs/workers.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

const stack = inject('stack');
const finance = sandboxMailbox(stack, 'finance');
const manager = sandboxMailbox(stack, 'manager');
const dir = mkdtempSync(join(tmpdir(), 'orderdesk-dunning-'));
const stateFile = join(dir, 'acme-state.json');
const policyFile = join(dir, 'dunning.yaml');
writeFileSync(policyFile, `${readFileText('config/dunning.yaml').replace(/fromAddress: .*/, `fromAddress: ${finance.address}`).replace(/reportTo: .*/, `reportTo: [${finance.address}]`).replace(/default: .*/, `default: ${manager.address}`)}`);
const policy = loadYamlConfig(policyFile, dunningPolicySchema);
const calendar = loadWorkingCalendar(undefined, policy.timezone);
const D1 = '2026-11-23';
const D2 = '2026-12-08';

function readFileText(path: string): string {
  return readFileSync(path, 'utf8');
}

let suite: AcmeSuiteHandle;
let browser: Browser;
let page: Page;
let runtime: Runtime;
let ledger: DunningLedger;
let transport: Transporter;
let copies: MailboxConnection;
let mailWorker: QueueWorker;
let afterExport: (() => Promise<void>) | undefined;

async function fixturePost(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${suite.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-fixture-token': suite.adminToken }, body: JSON.stringify(body) });
  expect(res.status, path).toBe(200);
}

/** Contexts lent to the run's extra lanes, as the job's browser pool does. */
const idlePages: Page[] = [];
async function withExtraSource(work: (source: AcmeReceivablesSource) => Promise<void>): Promise<void> {
  const extra = idlePages.pop() ?? (await (await browser.newContext()).newPage());
  try {
    await work(new AcmeReceivablesSource(extra, { url: suite.url, ...suite.credentials }, 15_000));
  } finally {
    idlePages.push(extra);
  }
}

function deps(overrides: Partial<DunningRunDeps> = {}): DunningRunDeps {
  const real = new AcmeReceivablesSource(page, { url: suite.url, ...suite.credentials }, 15_000);
  return {
    withExtraSource,
    concurrency: 3,
    source: {
      exportedInvoices: async () => {
        const invoices = await real.exportedInvoices();
        await afterExport?.();
        return invoices;
      },
      listInvoices: () => real.listInvoices(),
      statementOf: (id) => real.statementOf(id),
      accountManagerOf: (id) => real.accountManagerOf(id),
    },
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
    isWorkingDay: (d) => calendar.isWorkingDay(d),
    audit: (e) => runtime.ledger.audit(e),
    log: runtime.log,
    ...overrides,
  };
}

/** How many times each dunning letter id arrived in the customers' catch-all mailbox. */
async function lettersDelivered(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const message of await readFolder(stack, stack.mailboxes.customers)) {
    const id = /Message-ID:\s*<(dunning-[^@]+)@/i.exec(message.source.replace(/\r?\n\s+/g, ' '))?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * Receivables in the test ERP: enough for every stage and bucket and some 60 letters a run, not the
 * seed's default 2,400 (each letter re-reads a statement: that is the benchmark's job, not the test's).
 */
const INVOICES = 600;

beforeAll(async () => {
  suite = await startAcmeSuite({ port: 0, today: D1, stateFile, invoiceCount: INVOICES });
  browser = await launchChromium();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const settings = testSettings(stack, sandboxMailbox(stack, 'orders'), {
    CRM_URL: suite.url,
    CRM_USER: suite.credentials.user,
    CRM_PASSWORD: suite.credentials.password,
    DUNNING_MAILBOX_PASSWORD: finance.password,
  });
  runtime = await Runtime.create({ ...settings, dunning: { ...settings.dunning, policyFile } });
  ledger = new DunningLedger(runtime.redis, settings.redis.prefix);
  transport = createSmtpTransport({ host: stack.smtp.host, port: stack.smtp.port, user: finance.address, password: finance.password });
  copies = new MailboxConnection({ account: { host: stack.imap.host, port: stack.imap.port, user: finance.address, password: finance.password }, log: runtime.log });
  mailWorker = startWorker(runtime, 'mail', createMailProcessor(runtime));
}, 60_000);

afterAll(async () => {
  await mailWorker?.close();
  await copies?.close();
  transport?.close();
  await browser?.close();
  await runtime?.close();
  await suite?.close();
});

describe('the dunning run', () => {
  let planned: Awaited<ReturnType<typeof runDunning>>;

  it('a dry run says who would get which letter, and sends and records nothing', async () => {
    planned = await runDunning(deps(), { runDate: D1, dryRun: true });
    expect(planned.readVia).toBe('export');
    expect(planned.invoiceCount).toBe(INVOICES);
    expect(planned.letters.length).toBeGreaterThan(20);
    expect(await ledger.sentPairs()).toEqual(new Map());
    expect(await ledger.lastRunDate()).toBeUndefined();
    expect([...(await lettersDelivered()).keys()].filter((id) => id.endsWith(D1))).toEqual([]);
  }, 120_000);

  it('sends one letter per customer, once, skipping what was paid or disputed meanwhile', async () => {
    const [first, second] = planned.letters;
    const paidNow = first?.invoices[0]?.invoiceNo as string;
    const disputedNow = second?.invoices[0]?.invoiceNo as string;
    afterExport = async () => {
      await fixturePost('/__fixture/payments', { invoiceNo: paidNow });
      const invoice = ((await (await fetch(`${suite.url}/__fixture/invoices`)).json()) as { invoiceNo: string; promisedToPay: string | null }[]).find((i) => i.invoiceNo === disputedNow);
      expect(invoice).toBeDefined();
    };
    // Disputing goes through the ERP's own invoice form, as a clerk would.
    await page.goto(`${suite.url}/ERP/Invoice.aspx?no=${disputedNow}`);
    if (await page.getByLabel('User name').isVisible().catch(() => false)) {
      await page.getByLabel('User name').fill(suite.credentials.user);
      await page.getByLabel('Password').fill(suite.credentials.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.goto(`${suite.url}/ERP/Invoice.aspx?no=${disputedNow}`);
    }
    await page.getByLabel(/Disputed/).check();
    await page.getByRole('button', { name: /Save|Update/ }).click();

    const result = await runDunning(deps(), { runDate: D1, dryRun: false });
    afterExport = undefined;
    const lettered = result.letters.flatMap((l) => l.invoices.map((i) => i.invoiceNo));
    expect(lettered).not.toContain(paidNow);
    expect(lettered).not.toContain(disputedNow);
    expect(result.exceptions).toContainEqual(expect.objectContaining({ kind: 'paid_meanwhile', invoiceNo: paidNow }));
    expect(result.letters.length).toBeGreaterThan(20);

    const delivered = await eventually('every letter in the catch-all', async () => {
      const counts = await lettersDelivered();
      return result.letters.every((l) => counts.has(`dunning-${l.customerId}-${D1}`)) ? counts : undefined;
    }, 60_000);
    for (const letter of result.letters) expect(delivered.get(`dunning-${letter.customerId}-${D1}`), letter.customerId).toBe(1);

    // The customer's language decides the letter's.
    const chinese = result.letters.find((l) => l.language === 'zh');
    const english = result.letters.find((l) => l.language === 'en');
    const sources = await readFolder(stack, stack.mailboxes.customers);
    const subjectOf = async (customerId: string): Promise<string> => {
      for (const m of sources) if (m.source.replace(/\r?\n\s+/g, ' ').includes(`dunning-${customerId}-${D1}@`)) return (await simpleParser(m.source)).subject ?? '';
      return '';
    };
    expect(await subjectOf(chinese?.customerId as string)).toMatch(/付款提醒/);
    expect(await subjectOf(english?.customerId as string)).toMatch(/Payment reminder/);

    // A rerun of the same day sends nothing twice.
    const rerun = await runDunning(deps(), { runDate: D1, dryRun: false });
    expect(rerun.letters).toEqual([]);
    // No wait needed: the relay puts a letter in its mailbox before it accepts it, so a letter the rerun
    // had sent would be there already.
    for (const [id, count] of await lettersDelivered()) expect(count, id).toBe(1);
  }, 240_000);

  it('moves invoices to their next stage on a later date, and a crash after the server accepted a letter sends it no second time', async () => {
    // The same ERP on a later business date: same address, state kept in its state file.
    const port = Number(new URL(suite.url).port);
    await suite.close();
    suite = await startAcmeSuite({ port, today: D2, stateFile, invoiceCount: INVOICES });
    let sends = 0;
    const crashing = {
      sendMail: async (mail: unknown) => {
        const info = (await transport.sendMail(mail as Parameters<Transporter['sendMail']>[0])) as unknown;
        sends++;
        if (sends === 3) throw new Error('process killed right after the SMTP server accepted the letter');
        return info;
      },
    } as unknown as Transporter;
    await expect(runDunning(deps({ transport: crashing }), { runDate: D2, dryRun: false })).rejects.toThrow(/killed/);
    const result = await runDunning(deps(), { runDate: D2, dryRun: false });
    const delivered = await eventually('the second-stage letters', async () => {
      const counts = await lettersDelivered();
      return result.letters.every((l) => counts.has(`dunning-${l.customerId}-${D2}`)) ? counts : undefined;
    }, 60_000);
    for (const [id, count] of delivered) expect(count, id).toBe(1);
    const stages = new Set(result.letters.flatMap((l) => l.invoices.map((i) => i.stage)));
    expect(stages.has('second_notice') || stages.has('final_notice')).toBe(true);
    const sent = await ledger.sentPairs();
    const secondNotices = [...sent.keys()].filter((k) => k.endsWith('|second_notice'));
    // Some invoice got its reminder on D1 and its second notice on D2: stages move, letters are not repeated.
    expect(secondNotices.some((k) => sent.has(`${k.split('|')[0]}|reminder`))).toBe(true);
  }, 240_000);

  it('refuses an earlier date than the last run, and sends nothing on a holiday', async () => {
    await expect(runDunning(deps(), { runDate: '2026-11-24', dryRun: false })).rejects.toThrow(/earlier than the last run/);
    const holiday = await runDunning(deps(), { runDate: '2026-10-01', dryRun: false });
    expect(holiday.workingDay).toBe(false);
    expect(holiday.letters).toEqual([]);
  });

  it('mails finance a workbook whose aging matches the ERP cell by cell, with the chart', async () => {
    const service = DunningService.create(runtime);
    try {
      const outcome = await service.run('2026-12-09', false);
      expect(outcome.reportMailId).toBe('finance-report-2026-12-09');
    } finally {
      await service.close();
    }
    const report = await eventually('the finance report', async () => {
      for (const m of await readFolder(stack, finance)) {
        const parsed = await simpleParser(m.source, { keepCidLinks: true });
        if (parsed.subject?.includes('2026-12-09')) return parsed;
      }
      return undefined;
    }, 60_000);
    expect(report.html).toContain('cid:aging-chart');
    const xlsx = report.attachments.find((a) => a.filename === 'receivables-2026-12-09.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx!.content as unknown as ArrayBuffer);
    const aging = book.getWorksheet('Aging summary') as ExcelJS.Worksheet;
    expect(aging.getImages()).toHaveLength(1);

    const truth = (await (await fetch(`${suite.url}/__fixture/invoices`)).json()) as { dueDate: string; currency: string; outstanding: string; status: string }[];
    const today = Date.parse(`${D2}T00:00:00Z`);
    const expected = new Map<string, Record<string, bigint>>();
    for (const inv of truth) {
      if (inv.status !== 'open' || toCents(inv.outstanding) === 0n) continue;
      const days = Math.round((today - Date.parse(`${inv.dueDate}T00:00:00Z`)) / 86_400_000);
      const row = expected.get(inv.currency) ?? Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0n]));
      row[agingBucket(days)] = (row[agingBucket(days)] ?? 0n) + toCents(inv.outstanding);
      expected.set(inv.currency, row);
    }
    let checked = 0;
    aging.eachRow((row) => {
      const values = row.values as unknown[];
      if (values[1] !== 'TOTAL') return;
      const currency = values[3] as string;
      AGING_BUCKETS.forEach((bucket, i) => expect(Number(values[4 + i]).toFixed(2), `${currency} ${bucket}`).toBe(fromCents(expected.get(currency)?.[bucket] ?? 0n)));
      checked++;
    });
    expect(checked).toBe(expected.size);
  }, 240_000);

  it('with several customers in hand at once, a crash while letters are in flight sends none of them a second time', async () => {
    const D3 = '2026-12-23';
    const port = Number(new URL(suite.url).port);
    await suite.close();
    suite = await startAcmeSuite({ port, today: D3, stateFile, invoiceCount: INVOICES });
    // Two lanes (or all three) reach the SMTP server together; it accepts their letters and the process
    // dies before any of them is recorded. Nothing after that reaches the server.
    let inFlight = 0;
    let crashed = false;
    const acceptedThenKilled: string[] = [];
    let bothInFlight = (): void => undefined;
    const gate = new Promise<void>((resolve) => (bothInFlight = resolve));
    const crashing = {
      sendMail: async (mail: Parameters<Transporter['sendMail']>[0]) => {
        if (crashed) throw new Error('process killed');
        inFlight++;
        if (inFlight >= 2) bothInFlight();
        await gate;
        await transport.sendMail(mail);
        crashed = true;
        acceptedThenKilled.push(String(mail.messageId));
        throw new Error('process killed right after the SMTP server accepted the letter');
      },
    } as unknown as Transporter;
    await expect(runDunning(deps({ transport: crashing }), { runDate: D3, dryRun: false })).rejects.toThrow(/killed/);
    expect(acceptedThenKilled.length).toBeGreaterThanOrEqual(2);
    const killedIds = acceptedThenKilled.map((m) => /<([^@]+)@/.exec(m)?.[1] as string);
    const recorded = new Set([...(await ledger.sentPairs()).values()].map((r) => r.letterId));
    for (const id of killedIds) expect(recorded.has(id), id).toBe(false);
    // The run's one search of the copies finds them by the very Message-ID the letters were sent with.
    const copiesOfD3 = await deps().deliveredMatching(`-${D3}@`);
    for (const messageId of acceptedThenKilled) expect(copiesOfD3.has(messageId), messageId).toBe(true);

    const result = await runDunning(deps(), { runDate: D3, dryRun: false });
    expect(result.letters.length).toBeGreaterThan(2);
    const delivered = await eventually('the letters of the rerun', async () => {
      const counts = await lettersDelivered();
      return result.letters.every((l) => counts.has(`dunning-${l.customerId}-${D3}`)) ? counts : undefined;
    }, 60_000);
    for (const [id, count] of delivered) expect(count, id).toBe(1);
    // The accepted letters were found among the copies, not sent again, and are recorded now.
    const recordedNow = new Set([...(await ledger.sentPairs()).values()].map((r) => r.letterId));
    for (const id of killedIds) {
      expect(delivered.get(id), id).toBe(1);
      expect(recordedNow.has(id), id).toBe(true);
    }
    const again = await runDunning(deps(), { runDate: D3, dryRun: false });
    expect(again.letters).toEqual([]);
  }, 240_000);
});
