import { localDayOf } from '../../core/calendar/index.ts';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { crmCatalogue, type CrmCatalogue } from '../../fixtures/back-office/crm-catalogue.ts';
import { MailPerson } from '../../fixtures/back-office/mail-person.ts';
import { MorningScenario } from '../../fixtures/back-office/morning-scenario.ts';
import { LocalStack, writeStackSettingsFile, type LocalCrmTarget, type StackInfo } from '../../fixtures/local-stack/index.ts';
import { loadSettings } from '../../core/config/load-settings.ts';
import { survivingStraySocketErrors } from '../../core/errors/stray-socket-errors.ts';
import { settleWithin } from '../../core/process/settle-within.ts';
import type { OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { DunningOutcome } from '../dunning.job.ts';
import { jobIdFor } from '../queue-catalogue.ts';
import { ROLES } from '../roles.ts';
import { Runtime } from '../runtime.ts';
import { startRoles, type RunningRoles } from '../start-roles.ts';
import { progressLine, statusesOf } from './demo-progress.ts';

/** The shipped demo user (config/dashboard-users.yaml); published in the README, for the demo only. */
export const DEMO_DASHBOARD_USER = { user: 'admin', password: 'orderdesk-demo' } as const;
/**
 * How long the scenario may take before `--once` calls it stuck: sao (Tryton's web client) takes several
 * times as long per sale and per statement as the Acme suite's plain forms.
 */
const SCENARIO_TIMEOUT_MS: Record<LocalCrmTarget, number> = { 'acme-suite': 5 * 60_000, tryton: 20 * 60_000 };
const PROGRESS_INTERVAL_MS = 2_000;
const SCENARIO_CLOSE_TIMEOUT_MS = 3_000;
/** Where an order's journey ends in the scenario (an unexpected one still ends the wait). */
const FINAL: readonly OrderStatus[] = ['keyed', 'rejected', 'needs_attention', 'failed', 'expired'];

export interface DemoReadyInfo extends StackInfo {
  dashboard: { url: string; user: string; password: string };
  config: string;
}

export interface DemoSummary {
  ok: boolean;
  orders: Record<string, number>;
  unexpected: { externalRef: string; expected: string; actual: string }[];
  badRowsRefused: number;
  receipts: number;
  approvalAnswers: number;
  dunning: { runDate: string; workingDay: boolean; letters: number; exceptions: number; financeReport: boolean };
  /** Mail accepted by the relay to order keyed in the CRM, for the orders that needed no approval. */
  emailToCrmSeconds: { p50: number; p95: number; orders: number };
  elapsedSeconds: number;
}

/** The running demo: the local stack, every role in this process, and the scenario's people. */
export class Demo {
  private closing: Promise<void> | undefined;
  private scenario: MorningScenario | undefined;

  private constructor(
    readonly stack: LocalStack,
    readonly runtime: Runtime,
    readonly roles: RunningRoles,
    readonly ready: DemoReadyInfo,
  ) {}

  static async start(target: LocalCrmTarget = 'acme-suite'): Promise<Demo> {
    const stack = await LocalStack.start({ target });
    try {
      const info = stack.info();
      const config = writeStackSettingsFile(info, join(stack.dir, 'orderdesk-demo.yaml'), {
        dataDir: join(stack.dir, 'data'),
        // The demo's terminal shows progress; bots only speak up when something is wrong.
        log: { level: 'warn' },
        // A free port, and a secret of its own so the demo's log-ins survive as long as the demo does.
        dashboard: { port: 0, sessionSecret: randomBytes(32).toString('base64url') },
        intake: { sweepIntervalSeconds: 5 },
      });
      const runtime = await Runtime.create(loadSettings({ path: config }));
      survivingStraySocketErrors(runtime.log);
      let roles: RunningRoles;
      try {
        roles = await startRoles(runtime, ROLES);
      } catch (error) {
        await runtime.close();
        throw error;
      }
      const dashboard = { url: roles.dashboardUrl ?? '', ...DEMO_DASHBOARD_USER };
      return new Demo(stack, runtime, roles, { ...info, dashboard, config });
    } catch (error) {
      await stack.close();
      throw error;
    }
  }

  /**
   * Plays the morning: sheets mailed, approvals answered, orders keyed, then the day's dunning run.
   * `progress` gets a status line every few seconds. Resolves once every order ended and dunning is done.
   */
  async playMorning(progress: (line: string) => void): Promise<DemoSummary> {
    const started = Date.now();
    const { runtime, ready } = this;
    const timezone = runtime.settings.timezone;
    const today = localDayOf(new Date(), timezone);
    const people = {
      orders: ready.mailboxes.orders,
      sales: ready.mailboxes.sales,
      'sales.bj': ready.mailboxes['sales.bj'],
      'sales.manager': ready.mailboxes['sales.manager'],
      risk: ready.mailboxes.risk,
      compliance: ready.mailboxes.compliance,
    };
    const servers = { imap: ready.imap, smtp: ready.smtp };
    const catalogue = await crmCatalogue(ready.crm);
    this.scenario = await MorningScenario.prepare({ servers, people, catalogue, orderDate: today, tag: `D${Date.now().toString(36).toUpperCase()}` });
    const scenario = this.scenario;
    await scenario.play();
    const refs = scenario.orders.map((o) => o.externalRef);

    const ticker = setInterval(() => {
      void progressLine(runtime, refs).then(progress, () => undefined);
    }, PROGRESS_INTERVAL_MS);
    try {
      const deadline = started + SCENARIO_TIMEOUT_MS[ready.crm.target];
      let statuses = await statusesOf(runtime, refs);
      while (![...statuses.values()].every((s) => s !== undefined && FINAL.includes(s)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        statuses = await statusesOf(runtime, refs);
      }
      progress(await progressLine(runtime, refs));
      progress('orders done; the day\'s dunning run starts (ERP receivables, letters to customers, report to finance)');
      const dunning = await this.runDunning(today, deadline);
      progress(await progressLine(runtime, refs));
      return await this.summarise(catalogue, statuses, dunning, started);
    } finally {
      clearInterval(ticker);
    }
  }

  /** Queues today's run the way the scheduler does (one job per date) and waits for its outcome. */
  private async runDunning(runDate: string, deadline: number): Promise<DunningOutcome | undefined> {
    const jobId = jobIdFor('dunning-run', runDate);
    await this.runtime.queues.add('dunning', jobId, { runDate });
    const queue = this.runtime.queues.get('dunning');
    while (Date.now() < deadline) {
      const job = (await queue.getJob(jobId)) as Job<unknown, DunningOutcome> | undefined;
      const state = await job?.getState();
      if (state === 'completed') return job?.returnvalue;
      if (state === 'failed') return undefined;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    return undefined;
  }

  private async summarise(catalogue: CrmCatalogue, statuses: Map<string, OrderStatus | undefined>, dunning: DunningOutcome | undefined, started: number): Promise<DemoSummary> {
    const scenario = this.scenario as MorningScenario;
    const { ready, runtime } = this;
    const truth = await catalogue.orders();
    const inCrm = (ref: string): number => truth.filter((o) => o.externalRef === ref).length;

    const orders: Record<string, number> = {};
    const unexpected: DemoSummary['unexpected'] = [];
    const latencies: number[] = [];
    for (const order of scenario.orders) {
      const actual = statuses.get(order.externalRef) ?? 'missing';
      orders[actual] = (orders[actual] ?? 0) + 1;
      const keyedOnce = inCrm(order.externalRef) === (order.expected === 'keyed' ? 1 : 0);
      if (actual !== order.expected || !keyedOnce) {
        unexpected.push({ externalRef: order.externalRef, expected: order.expected, actual: `${actual}, ${inCrm(order.externalRef)} in the CRM` });
      }
      if (order.route === 'auto' && actual === 'keyed') {
        const id = await runtime.ledger.findByReference(order.externalRef);
        const keyedAt = id ? (await runtime.ledger.get(id))?.keyedAt : undefined;
        if (keyedAt) latencies.push((Date.parse(keyedAt) - order.mailedAt) / 1000);
      }
    }
    // A refused row never reaches the CRM (a repeated reference's first row does; that one is checked above).
    const badRowsRefused = scenario.badRows.filter((b) => b.kind === 'duplicate-reference' || inCrm(b.externalRef) === 0).length;
    for (const bad of scenario.badRows) {
      if (bad.kind !== 'duplicate-reference' && inCrm(bad.externalRef) !== 0) unexpected.push({ externalRef: bad.externalRef, expected: `refused (${bad.kind})`, actual: 'in the CRM' });
    }

    const submissions = [...new Set(scenario.orders.map((o) => `${o.submitter} ${o.messageId}`))];
    let receipts = 0;
    for (const submission of submissions) {
      const [submitter, messageId] = submission.split(' ') as [string, string];
      const box = Object.values(ready.mailboxes).find((m) => m.address === submitter);
      const inbox = box ? await new MailPerson(box, { imap: ready.imap, smtp: ready.smtp }).inbox() : [];
      if (inbox.some((m) => m.inReplyTo === messageId)) receipts += 1;
      else unexpected.push({ externalRef: messageId, expected: 'a receipt threaded to the submission', actual: 'none' });
    }

    const financeInbox = await new MailPerson(ready.mailboxes.finance, { imap: ready.imap, smtp: ready.smtp }).inbox();
    const financeReport = financeInbox.some((m) => (m.attachments ?? []).some((a) => a.filename?.endsWith('.xlsx')));
    if (!dunning) unexpected.push({ externalRef: 'dunning run', expected: 'completed', actual: 'failed or timed out' });
    else if (dunning.workingDay && !financeReport) unexpected.push({ externalRef: 'finance report', expected: 'in the finance mailbox', actual: 'missing' });

    latencies.sort((a, b) => a - b);
    const pick = (q: number): number => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(2));
    return {
      ok: unexpected.length === 0,
      orders,
      unexpected,
      badRowsRefused,
      receipts,
      approvalAnswers: scenario.answers().length,
      dunning: {
        runDate: dunning?.runDate ?? '',
        workingDay: dunning?.workingDay ?? false,
        letters: dunning?.letters.length ?? 0,
        exceptions: dunning?.exceptions.length ?? 0,
        financeReport,
      },
      emailToCrmSeconds: { p50: pick(0.5), p95: pick(0.95), orders: latencies.length },
      elapsedSeconds: Math.round((Date.now() - started) / 1000),
    };
  }

  /** Stops the scenario's people, every role, the runtime and the stack; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The scenario's people are mail clients; one that never logs out must not keep the servers up.
      if (this.scenario) await settleWithin(this.scenario.close(), SCENARIO_CLOSE_TIMEOUT_MS);
      await this.roles.close().catch(() => undefined);
      await this.runtime.close().catch(() => undefined);
      await this.stack.close();
    })();
    return this.closing;
  }
}
