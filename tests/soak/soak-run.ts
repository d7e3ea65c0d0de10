import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crmCatalogue } from '../../fixtures/back-office/crm-catalogue.ts';
import { ApproverRobot, type ApprovalPolicy } from '../../fixtures/back-office/approver-robot.ts';
import { MailPerson, type MailAccount } from '../../fixtures/back-office/mail-person.ts';
import { ScenarioOrderBook } from '../../fixtures/back-office/scenario-orders.ts';
import { LocalStack, writeStackSettingsFile } from '../../fixtures/local-stack/index.ts';
import { CHINESE_HEADERS, ENGLISH_HEADERS, orderTable, tableXlsxBuffer } from '../../fixtures/sample-sheets/make-order-sheets.ts';
import { loadSettings } from '../../core/config/load-settings.ts';
import { localDayOf } from '../../core/calendar/index.ts';
import { jobIdFor } from '../../jobs/queue-catalogue.ts';
import { Runtime } from '../../jobs/runtime.ts';
import { planFaults, type PlannedFault } from './fault-schedule.ts';
import { RoleProcess } from './role-process.ts';
import { checkSoak, type MailedSheet, type SoakReport } from './soak-checks.ts';
import { planSoakSheets } from './soak-sheets.ts';
import { seededRandom } from './seeded-random.ts';

export interface SoakOptions {
  orders: number;
  sheets: number;
  seed: number;
  /** Sheets are mailed evenly over this long; faults land in the same window. */
  mailingWindowMs: number;
  /** How long the relay refuses mail (the issue: 30 s). */
  relayOutageMs: number;
  /** How long everything may take to drain after the last sheet before the soak calls it lost. */
  drainTimeoutMs: number;
  /** Added to every CRM response, on top of its 5% server errors and 5% lost confirms. */
  crmLatencyMs: number;
  /** Invoices in the CRM's receivables (the dunning run's size). */
  invoiceCount: number;
  log: (line: string) => void;
}

/** The role processes' logs of the last soak are kept here (the stack's own folder goes on close). */
export const SOAK_LOG_DIR = fileURLToPath(new URL('../../.tmp/soak-last/', import.meta.url));

/** Short worker locks so a killed worker's jobs come back within seconds, not BullMQ's default 30 s. */
const WORKER_LOCK_MS = 5_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The whole system on the local stack, in separate role processes, with back-office people mailing
 * sheets and answering approvals, while faults hit every part; then every promise is checked.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const { log } = options;
  const random = seededRandom(options.seed);
  const stack = await LocalStack.start({ acme: { invoiceCount: options.invoiceCount, faults: { latencyMs: options.crmLatencyMs, errorRate: 0.05, ambiguousSubmit: 0.05 } } });
  const info = stack.info();
  const processes: RoleProcess[] = [];
  const robots: ApproverRobot[] = [];
  let runtime: Runtime | undefined;
  try {
    const config = writeStackSettingsFile(info, join(stack.dir, 'soak.yaml'), {
      dataDir: join(stack.dir, 'data'),
      log: { level: 'warn' },
      intake: { sweepIntervalSeconds: 5, allowedSenderDomains: ['acme-finance.example', info.sandbox.domain] },
      workers: { lockDurationMs: WORKER_LOCK_MS, stalledIntervalMs: WORKER_LOCK_MS },
      // An attempt that hangs is stopped within the drain window (a CI soak once ran out of time on one).
      keying: { concurrency: 2, maxOrdersPerSecond: 20, probeIntervalSeconds: 5, attemptBudgetSeconds: 60 },
      dashboard: { sessionSecret: randomBytes(32).toString('base64url') },
    });
    runtime = await Runtime.create(loadSettings({ path: config }));
    const env = { LOG_LEVEL: 'warn' };
    const role = (roles: string): RoleProcess => {
      const p = new RoleProcess(roles, config, join(stack.dir, `${roles.replace(/,/g, '+')}.log`), env);
      p.start();
      processes.push(p);
      return p;
    };
    const intake = role('intake');
    role('review,approvals');
    const keying = role('keying');
    role('dunning');

    const servers = { imap: info.imap, smtp: info.smtp };
    const { customers, products, scenarioProducts } = await crmCatalogue(info.crm);
    const today = localDayOf(new Date(), runtime.settings.timezone);
    const book = new ScenarioOrderBook(customers, products, scenarioProducts, today, options.seed);
    const sandboxReps: MailAccount[] = [1, 2, 3].map((n) => ({ address: `rep${n}@${info.sandbox.domain}`, password: info.sandbox.password }));
    const submitters = [info.mailboxes.sales, info.mailboxes['sales.bj'], ...sandboxReps];
    const plan = planSoakSheets(book, { orders: options.orders, sheets: options.sheets, submitters: submitters.map((s) => s.address), tag: `K${options.seed}${Date.now().toString(36).toUpperCase()}`, random });
    const rejectRefs = new Set(plan.flatMap((s) => s.rows.filter((r) => r.rejectedByApprover).map((r) => r.order.externalRef)));
    const policy: ApprovalPolicy = ({ externalRef, level }) =>
      rejectRefs.has(externalRef) && level === 1 ? { firstLine: 'REJECT 客户资料不全 / KYC file incomplete' } : { firstLine: level % 2 === 0 ? 'APPROVE' : '同意' };
    for (const approver of [info.mailboxes['sales.manager'], info.mailboxes['sales.bj'], info.mailboxes.risk, info.mailboxes.compliance]) {
      const robot = new ApproverRobot(new MailPerson(approver, servers), policy);
      robot.start();
      robots.push(robot);
    }

    const faults = planFaults(random, options.mailingWindowMs);
    log(`soak: ${options.orders} rows in ${plan.length} sheets, seed ${options.seed}; faults at ${faults.map((f) => `${f.kind}@${(f.atMs / 1000).toFixed(0)}s`).join(', ')}`);
    const started = Date.now();
    const faultErrors: string[] = [];
    // A fault that could not be played (a server that would not come back) is a finding, not a crash.
    const faultsDone = playFaults(faults, started, { stack, intake, keying, relayOutageMs: options.relayOutageMs, log }).catch((error: Error) => {
      faultErrors.push(`fault schedule broke off: ${error.message}`);
    });

    const mailed: MailedSheet[] = [];
    for (const sheet of plan) {
      const due = started + (sheet.index * options.mailingWindowMs) / plan.length;
      await sleep(Math.max(0, due - Date.now()));
      const who = submitters.find((s) => s.address === sheet.submitter) as MailAccount;
      const headers = sheet.index % 2 === 0 ? CHINESE_HEADERS : ENGLISH_HEADERS;
      const content = await tableXlsxBuffer([{ name: 'Orders', rows: orderTable(sheet.rows.map((r) => r.order), { headers }) }]);
      // The relay may be refusing right now: the rep's mail client keeps the message and tries again.
      for (;;) {
        try {
          const sent = await new MailPerson(who, servers).send({
            to: info.mailboxes.orders.address,
            subject: `Orders batch ${sheet.index + 1}`,
            text: 'Please book the attached orders.',
            attachments: [{ filename: `orders-${sheet.index + 1}.xlsx`, content }],
          });
          mailed.push({ sheet, ...sent });
          break;
        } catch {
          await sleep(2_000);
        }
      }
    }
    log(`soak: ${mailed.length} sheets mailed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    await faultsDone;

    // The day's dunning run while orders still drain, then a rerun of the same date: it must send nothing.
    await retryRedis(() => (runtime as Runtime).queues.add('dunning', jobIdFor('dunning-run', today), { runDate: today }));
    const report = await checkSoak({ runtime, info, plan, mailed, started, drainTimeoutMs: options.drainTimeoutMs, runDate: today, configPath: config, log, robots });
    report.restarts = Object.fromEntries(processes.map((p) => [p.roles, p.restarts]));
    report.problems.push(...faultErrors);
    for (const p of processes) if (p.crashes > 0) report.problems.push(`CRASH: the ${p.roles} process exited by itself ${p.crashes}x (see ${SOAK_LOG_DIR})`);
    report.ok = report.problems.length === 0;
    return report;
  } finally {
    await Promise.allSettled(robots.map((r) => r.close()));
    await Promise.allSettled(processes.map((p) => p.stop()));
    await runtime?.close().catch(() => undefined);
    rmSync(SOAK_LOG_DIR, { recursive: true, force: true });
    mkdirSync(SOAK_LOG_DIR, { recursive: true });
    for (const file of readdirSync(stack.dir).filter((f) => f.endsWith('.log'))) cpSync(join(stack.dir, file), join(SOAK_LOG_DIR, file));
    await stack.close();
  }
}

/** Redis may be down for a moment (killed on purpose): try again for a while. */
export async function retryRedis<T>(work: () => Promise<T>, attempts = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(1_000);
    }
  }
}

async function playFaults(
  faults: PlannedFault[],
  started: number,
  parts: { stack: LocalStack; intake: RoleProcess; keying: RoleProcess; relayOutageMs: number; log: (line: string) => void },
): Promise<void> {
  const { stack, intake, keying, log } = parts;
  const pending: Promise<unknown>[] = [];
  for (const fault of faults) {
    await sleep(Math.max(0, started + fault.atMs - Date.now()));
    log(`soak: ${((Date.now() - started) / 1000).toFixed(0)} s: ${fault.kind}`);
    switch (fault.kind) {
      case 'crm-session-expiry':
        stack.acmeSuite.setFaults({ sessionExpiry: true });
        pending.push(sleep(1_000).then(() => stack.acmeSuite.setFaults({ sessionExpiry: false })));
        break;
      case 'dovecot-restart':
        await stack.dovecot.restart();
        break;
      case 'smtp-refusing':
        stack.relay.setRefusing(true);
        pending.push(sleep(parts.relayOutageMs).then(() => stack.relay.setRefusing(false)));
        break;
      case 'redis-kill':
        await stack.redis?.kill();
        await sleep(2_000);
        await stack.redis?.restart();
        break;
      case 'keying-worker-kill':
        await keying.killAndRestart();
        break;
      case 'intake-worker-kill':
        await intake.killAndRestart();
        break;
      case 'chromium-kill':
        for (const pid of keying.chromiumPids()) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
        break;
    }
  }
  await Promise.all(pending);
}
