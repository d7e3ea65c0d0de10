import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStack, type StackInfo } from '../../../fixtures/local-stack/index.ts';
import { makeSampleOrders, orderTable, tableXlsxBuffer } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

/**
 * This file runs its own stack: it restarts Dovecot, which would pull the floor from under the other
 * files' tests on the shared one.
 */
let stack: LocalStack;
let info: StackInfo;
let runtime: Runtime;
const workers: ChildProcess[] = [];
let configPath: string;
let env: NodeJS.ProcessEnv;
let orders: { address: string; password: string };
let sales: { address: string; password: string };

beforeAll(async () => {
  stack = await LocalStack.start();
  info = stack.info();
  orders = sandboxMailbox(info, 'orders');
  sales = sandboxMailbox(info, 'sales');
  const settings = testSettings(info, orders);
  runtime = await Runtime.create(settings);
  const dir = mkdtempSync(join(tmpdir(), 'orderdesk-resilience-'));
  configPath = join(dir, 'orderdesk.yaml');
  writeFileSync(configPath, `intake:\n  allowedSenderDomains: [${info.sandbox.domain}]\n  sweepIntervalSeconds: 5\n`);
  env = {
    ...process.env,
    REDIS_URL: info.redis.url,
    ORDERDESK_REDIS_PREFIX: settings.redis.prefix,
    IMAP_HOST: info.imap.host,
    IMAP_PORT: String(info.imap.port),
    SMTP_HOST: info.smtp.host,
    SMTP_PORT: String(info.smtp.port),
    SHARED_MAILBOX: orders.address,
    SHARED_MAILBOX_PASSWORD: orders.password,
    // A killed worker's job is retried once its lock lapses; keep that short here.
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '2000',
    // The 451s while Dovecot restarts are expected and retried; only errors are worth printing.
    LOG_LEVEL: 'error',
  };
}, 60_000);

afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await runtime?.close();
  await stack?.close();
});

function startIntakeWorker(): ChildProcess {
  const child = spawn('bin/orderdesk', ['start', '--role', 'intake', '--config', configPath], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  workers.push(child);
  return child;
}

/** Each test can run alone (vitest -t): start a worker unless one is alive. */
function ensureIntakeWorker(): void {
  if (!workers.some((w) => w.exitCode === null && w.signalCode === null)) startIntakeWorker();
}

async function mailSheet(rows: number): Promise<{ messageId: string; refs: string[] }> {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const sheetOrders = makeSampleOrders(rows, 3).map((o, i) => ({ ...o, externalRef: `R${tag}-${i + 1}` }));
  const messageId = `<${randomUUID()}@${info.sandbox.domain}>`;
  await createTransport({ host: info.smtp.host, port: info.smtp.port, secure: false, ignoreTLS: true, auth: { user: sales.address, pass: sales.password } }).sendMail({
    from: sales.address,
    to: orders.address,
    subject: `Orders ${tag}`,
    text: 'attached',
    messageId,
    attachments: [{ filename: `${tag}.xlsx`, content: await tableXlsxBuffer([{ name: '订单', rows: orderTable(sheetOrders) }]) }],
  });
  return { messageId, refs: sheetOrders.map((o) => o.externalRef) };
}

async function receiptsFor(messageId: string): Promise<number> {
  let count = 0;
  for (const message of await readFolder(info, sales)) if ((await simpleParser(message.source)).inReplyTo === messageId) count++;
  return count;
}

async function inFolder(folder: string, messageId: string): Promise<boolean> {
  return (await readFolder(info, orders, folder)).some((m) => m.source.includes(messageId));
}

/** Every order of the sheet is in the ledger once and on the review queue once, and the mail was filed. */
async function expectExactlyOnce(sheet: { messageId: string; refs: string[] }): Promise<void> {
  const ids = await runtime.ledger.ordersOfSubmission(sheet.messageId);
  expect(ids).toHaveLength(sheet.refs.length);
  for (const ref of sheet.refs) {
    const id = await runtime.ledger.findByReference(ref);
    expect(ids).toContain(id);
    expect(await runtime.queues.get('review').getJob(`review-${id}`)).toBeDefined();
  }
  expect(await receiptsFor(sheet.messageId)).toBe(1);
  expect(await inFolder('INBOX', sheet.messageId)).toBe(false);
}

describe('intake under failure', () => {
  it('a worker killed between queueing the orders and filing the mail loses nothing and doubles nothing', async () => {
    const first = startIntakeWorker();
    // 3,000 rows: the receipt's result workbook takes long enough to write that the kill lands
    // after the review jobs exist and before the message leaves INBOX.
    const sheet = await mailSheet(3_000);
    await eventually('the first review jobs', async () => ((await runtime.queues.get('review').count()) > 0 ? true : undefined), 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(await inFolder('INBOX', sheet.messageId)).toBe(true); // the kill did land in the window
    expect(await inFolder('Processed', sheet.messageId)).toBe(false);

    startIntakeWorker();
    await eventually('the mail filed by the second worker', async () => ((await inFolder('Processed', sheet.messageId)) ? true : undefined), 60_000);
    await eventually('the receipt', async () => ((await receiptsFor(sheet.messageId)) > 0 ? true : undefined), 30_000);
    await expectExactlyOnce(sheet);
    expect(await runtime.queues.get('review').count()).toBe(3_000);
  }, 150_000);

  it('Dovecot restarting mid-run: the watcher reconnects and every mail is handled once', async () => {
    ensureIntakeWorker();
    const sheets = [];
    for (let i = 0; i < 3; i++) sheets.push(await mailSheet(5));
    await stack.dovecot.restart();
    for (let i = 0; i < 3; i++) sheets.push(await mailSheet(5));
    for (const sheet of sheets) {
      await eventually(`mail ${sheet.messageId} filed`, async () => ((await inFolder('Processed', sheet.messageId)) ? true : undefined), 60_000);
      await eventually(`receipt for ${sheet.messageId}`, async () => ((await receiptsFor(sheet.messageId)) > 0 ? true : undefined), 30_000);
    }
    for (const sheet of sheets) await expectExactlyOnce(sheet);
  }, 150_000);

  it('after a UIDVALIDITY change the watcher resyncs and triages no message twice', async () => {
    ensureIntakeWorker();
    // A message the bots leave in INBOX (an approval reply) is what a resync would see again.
    const [local, domain] = orders.address.split('@');
    const messageId = `<${randomUUID()}@${info.sandbox.domain}>`;
    await createTransport({ host: info.smtp.host, port: info.smtp.port, secure: false, ignoreTLS: true, auth: { user: sales.address, pass: sales.password } }).sendMail({
      from: sales.address,
      to: `${local}+apv-abc@${domain}`,
      subject: 'Re: approval',
      text: 'APPROVE',
      messageId,
    });
    const triaged = async (): Promise<number> => (await runtime.ledger.auditTrail()).filter((e) => e.action === 'approval-reply-received' && JSON.stringify(e.detail).includes(messageId)).length;
    await eventually('the reply triaged', async () => ((await triaged()) === 1 ? true : undefined), 30_000);
    const intakeJobsBefore = await runtime.queues.get('intake').getCompletedCount();

    execFileSync('doveadm', ['-c', stack.dovecot.configPath, 'mailbox', 'update', '-u', orders.address, '--uid-validity', String(Math.floor(Date.now() / 1000) + 7), 'INBOX']);
    // New mail makes the watcher look again; it finds a UIDVALIDITY it has not seen.
    const after = await mailSheet(2);
    await eventually('the new sheet filed', async () => ((await inFolder('Processed', after.messageId)) ? true : undefined), 60_000);
    await expectExactlyOnce(after);
    expect(await triaged()).toBe(1);
    expect(await runtime.queues.get('intake').getCompletedCount()).toBe(intakeJobsBefore + 1);
  }, 120_000);
});
