/**
 * Intake benchmark: `npx tsx bench/intake.bench.ts [rows=100000] [mails=20]`. Not part of `npm test`.
 *
 * (1) A 100k-row order xlsx through the whole intake path a sheet takes (safety checks, streaming read,
 *     validation, ledger records in Redis, review jobs in bulk) against a bare exceljs streaming read of
 *     the same file, each in a child process of its own so its peak RSS (VmHWM) is its own.
 *     Goals: at most 2x the bare read's time; peak RSS at most 350 MB.
 * (2) E-mail accepted by SMTP to order on the review queue, on the local stack with the intake role
 *     running: p50 and p95 over `mails` sheets sent one after another. Goal: p50 <= 2 s.
 */
import { printHeadline } from './bench-result.ts';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createTransport } from 'nodemailer';
import { intakeSheet } from '../bots/intake/intake-sheet.ts';
import { loadSettings } from '../core/config/load-settings.ts';
import { LocalStack } from '../fixtures/local-stack/index.ts';
import { makeSampleOrders, orderTable, tableXlsxBuffer, writeBigOrderXlsx } from '../fixtures/sample-sheets/make-order-sheets.ts';
import { jobIdFor } from '../jobs/queue-catalogue.ts';
import { startIntakeRole } from '../jobs/roles.ts';
import { Runtime } from '../jobs/runtime.ts';

const MB = 1024 * 1024;
const REVIEW_BATCH = 1_000;

interface PhaseResult {
  rows: number;
  accepted: number;
  ms: number;
  vmHwmMb: number;
}

function vmHwmMb(): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

async function bareRead(path: string): Promise<Omit<PhaseResult, 'vmHwmMb'>> {
  const started = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
  let rows = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      if ((row.values as unknown[]).length > 0) rows++;
    }
    break;
  }
  return { rows, accepted: 0, ms: performance.now() - started };
}

/** What `orderdesk import` and a mailed sheet do with a file: ledger records and review jobs included. */
async function wholeIntake(path: string, redisUrl: string, fileBytes: number): Promise<Omit<PhaseResult, 'vmHwmMb'>> {
  const settings = loadSettings({ env: { REDIS_URL: redisUrl, ORDERDESK_REDIS_PREFIX: `bench-${randomUUID().slice(0, 6)}`, LOG_LEVEL: 'warn' } });
  const runtime = await Runtime.create(settings);
  try {
    const started = performance.now();
    let rows = 0;
    let accepted = 0;
    let pending: string[] = [];
    const flush = async (): Promise<void> => {
      await runtime.queues.addBulk('review', pending.map((orderId) => ({ jobId: jobIdFor('review', orderId), payload: { orderId } })));
      pending = [];
    };
    for await (const row of intakeSheet(
      { path, fileName: 'bench.xlsx' },
      { ledger: runtime.ledger, source: { kind: 'import', reference: `bench-${randomUUID()}` }, actor: 'bench', readOptions: { limits: { ...settings.intake, maxAttachmentBytes: Math.max(fileBytes, settings.intake.maxAttachmentBytes) } } },
    )) {
      rows++;
      if (row.orderId) {
        accepted++;
        pending.push(row.orderId);
        if (pending.length >= REVIEW_BATCH) await flush();
      }
    }
    await flush();
    return { rows, accepted, ms: performance.now() - started };
  } finally {
    await runtime.close();
  }
}

function inChild(mode: 'bare' | 'intake', path: string, redisUrl: string, bytes: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [`--child=${mode}`, path, redisUrl, String(bytes)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as PhaseResult));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`${mode} child exited with ${code}`))));
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function mailLatency(stack: LocalStack, mails: number): Promise<number[]> {
  const info = stack.info();
  const orders = { address: `orders-bench@${info.sandbox.domain}`, password: info.sandbox.password };
  const sales = { address: `sales-bench@${info.sandbox.domain}`, password: info.sandbox.password };
  const base = loadSettings({
    env: {
      REDIS_URL: info.redis.url,
      ORDERDESK_REDIS_PREFIX: `bench-mail-${randomUUID().slice(0, 6)}`,
      IMAP_HOST: info.imap.host,
      IMAP_PORT: String(info.imap.port),
      SMTP_HOST: info.smtp.host,
      SMTP_PORT: String(info.smtp.port),
      SHARED_MAILBOX: orders.address,
      SHARED_MAILBOX_PASSWORD: orders.password,
      LOG_LEVEL: 'warn',
    },
  });
  const runtime = await Runtime.create({ ...base, intake: { ...base.intake, allowedSenderDomains: [info.sandbox.domain] } });
  const role = await startIntakeRole(runtime);
  const transport = createTransport({ host: info.smtp.host, port: info.smtp.port, secure: false, ignoreTLS: true, auth: { user: sales.address, pass: sales.password } });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < mails; i++) {
      const tag = randomUUID().slice(0, 6).toUpperCase();
      const sheetOrders = makeSampleOrders(5, i + 1).map((o, n) => ({ ...o, externalRef: `B${tag}-${n}` }));
      const content = await tableXlsxBuffer([{ name: '订单', rows: orderTable(sheetOrders) }]);
      await transport.sendMail({ from: sales.address, to: orders.address, subject: `bench ${i}`, text: 'x', attachments: [{ filename: 'o.xlsx', content }] });
      const accepted = performance.now(); // the SMTP server has accepted the message
      const ref = sheetOrders[0]?.externalRef as string;
      for (;;) {
        const orderId = await runtime.ledger.findByReference(ref);
        if (orderId && (await runtime.queues.get('review').getJob(jobIdFor('review', orderId)))) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies.push(performance.now() - accepted);
    }
  } finally {
    transport.close();
    await role.close();
    await runtime.close();
  }
  return latencies;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.find((a) => a.startsWith('--child='));
  if (child) {
    const [, path = '', redisUrl = '', bytes = '0'] = args;
    const result = child === '--child=bare' ? await bareRead(path) : await wholeIntake(path, redisUrl, Number(bytes));
    process.send?.({ ...result, vmHwmMb: vmHwmMb() });
    return;
  }
  const rows = Number((args.find((a) => a.startsWith('rows=')) ?? 'rows=100000').slice(5));
  const mails = Number((args.find((a) => a.startsWith('mails=')) ?? 'mails=20').slice(6));
  const stack = await LocalStack.start();
  const dir = await mkdtemp(join(tmpdir(), 'orderdesk-intake-bench-'));
  try {
    const path = join(dir, 'orders.xlsx');
    await writeBigOrderXlsx(path, rows);
    const bytes = (await stat(path)).size;
    console.log(`sheet: ${rows.toLocaleString('en-US')} rows, ${(bytes / MB).toFixed(1)} MiB`);
    const bare = await inChild('bare', path, stack.redisUrl, bytes);
    const ours = await inChild('intake', path, stack.redisUrl, bytes);
    console.log(`(1a) bare exceljs streaming read: ${bare.rows} rows in ${(bare.ms / 1000).toFixed(2)} s, peak RSS ${bare.vmHwmMb.toFixed(0)} MB`);
    console.log(`(1b) whole intake (read, validate, ledger, review queue): ${ours.rows} rows, ${ours.accepted} accepted, in ${(ours.ms / 1000).toFixed(2)} s, peak RSS ${ours.vmHwmMb.toFixed(0)} MB`);
    console.log(`     ratio ${(ours.ms / bare.ms).toFixed(2)}x (goal <= 2x), peak RSS goal <= 350 MB: ${ours.vmHwmMb <= 350 ? 'met' : 'MISSED'}`);
    const latencies = await mailLatency(stack, mails);
    const p50 = percentile(latencies, 50) / 1000;
    console.log(`(2) SMTP accepted -> order on the review queue, ${mails} mails: p50 ${p50.toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s (goal p50 <= 2 s)`);
    const ratio = ours.ms / bare.ms;
    printHeadline({
      bench: `intake, ${rows.toLocaleString('en-US')}-row xlsx`,
      figure: `${ratio.toFixed(2)}x the bare exceljs read (${(ours.ms / 1000).toFixed(1)} s vs ${(bare.ms / 1000).toFixed(1)} s), peak RSS ${ours.vmHwmMb.toFixed(0)} MB`,
      goal: '<= 2x, <= 350 MB',
      met: ratio <= 2 && ours.vmHwmMb <= 350,
    });
    printHeadline({ bench: 'intake, SMTP accepted -> review queue', figure: `p50 ${p50.toFixed(2)} s, p95 ${(percentile(latencies, 95) / 1000).toFixed(2)} s`, goal: 'p50 <= 2 s', met: p50 <= 2 });
  } finally {
    await rm(dir, { recursive: true, force: true });
    await stack.close();
  }
}

await main();
