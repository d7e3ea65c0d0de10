import type { Job } from 'bullmq';
import type { Transporter } from 'nodemailer';
import type { Page } from 'playwright-core';
import { runDunning, type DunningRunResult } from '../bots/dunning/dunning-run.ts';
import { financeReportOf } from '../bots/dunning/run-finance-report.ts';
import { dunningPolicySchema, type DunningPolicy } from '../config/dunning-policy-schema.ts';
import { BrowserPool } from '../core/browser/browser-pool.ts';
import { renderHtmlToPng } from '../core/browser/render-html-to-png.ts';
import { loadWorkingCalendar, type WorkingCalendar } from '../core/calendar/index.ts';
import { ConfigError } from '../core/config/load-settings.ts';
import { loadYamlConfig } from '../core/config/load-yaml-config.ts';
import { DunningLedger } from '../core/ledger/dunning-ledger.ts';
import { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { MessageIdSearch } from '../core/mail/message-id-search.ts';
import { createSmtpTransport } from '../core/mail/smtp-transport.ts';
import type { CrmTarget } from '../selectors/crm-target.ts';
import { crmTargetFor } from '../selectors/crm-targets.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

export interface DunningOutcome extends Omit<DunningRunResult, 'invoices'> {
  reportMailId?: string;
}

/**
 * Everything a dunning run needs, built once per process: the policy, the working calendar, browser
 * contexts for the ERP screens (dunning.concurrency), SMTP and IMAP as the dunning mailbox.
 */
export class DunningService {
  private closing: Promise<void> | undefined;
  /** The dunning mailbox keeps a copy of each letter: the proof a send whose answer was lost went out. */
  private readonly sentCopies: MessageIdSearch;

  private constructor(
    private readonly runtime: Runtime,
    readonly policy: DunningPolicy,
    readonly calendar: WorkingCalendar,
    private readonly pool: BrowserPool,
    private readonly transport: Transporter,
    private readonly copies: MailboxConnection,
    readonly ledger: DunningLedger,
    private readonly target: CrmTarget,
  ) {
    this.sentCopies = new MessageIdSearch(copies);
  }

  static create(runtime: Runtime): DunningService {
    const { settings } = runtime;
    const policy = loadYamlConfig(settings.dunning.policyFile, dunningPolicySchema);
    const calendar = loadWorkingCalendar(undefined, policy.timezone);
    const password = settings.dunning.mailboxPassword;
    const { smtp, imap } = settings.mail;
    if (!password || !smtp || !imap) {
      throw new ConfigError('config error: dunning.mailboxPassword: DUNNING_MAILBOX_PASSWORD (and the SMTP/IMAP servers) are required to send dunning letters');
    }
    const target = crmTargetFor(settings.crm, settings.keying.screenTimeoutMs, 'read receivables');
    const pool = new BrowserPool({
      // One context per customer in hand at once; the run's first context also downloads the export.
      size: settings.dunning.concurrency,
      actionTimeoutMs: settings.keying.screenTimeoutMs,
      log: runtime.log,
      ...(settings.browser.chromiumPath ? { chromiumPath: settings.browser.chromiumPath } : {}),
      headless: settings.browser.headless,
      blockAssets: !target.needsStylesheets,
    });
    const transport = createSmtpTransport({ host: smtp.host, port: smtp.port, user: policy.fromAddress, password });
    const copies = new MailboxConnection({ account: { host: imap.host, port: imap.port, user: policy.fromAddress, password }, log: runtime.log });
    return new DunningService(runtime, policy, calendar, pool, transport, copies, new DunningLedger(runtime.redis, settings.redis.prefix, settings.dunning.runLockSeconds * 1000), target);
  }

  /** A run for `runDate`; after a real run on a working day the finance report is queued to finance. */
  async run(runDate: string, dryRun: boolean): Promise<DunningOutcome> {
    const { settings, outbox, ledger, log } = this.runtime;
    const sourceOn = (page: Page) => this.target.receivablesOn(page, runDate);
    return this.pool.withSlot(async (slot) => {
      const result = await runDunning(
        {
          source: sourceOn(slot.page),
          withExtraSource: (work) => this.pool.withSlot((extra) => work(sourceOn(extra.page))),
          concurrency: settings.dunning.concurrency,
          ledger: this.ledger,
          outbox,
          transport: this.transport,
          deliveredAlready: (messageId) => this.sentCopies.has(messageId),
          deliveredMatching: (fragment) => this.sentCopies.matching(fragment),
          policy: this.policy,
          isWorkingDay: (date) => this.calendar.isWorkingDay(date),
          audit: (event) => ledger.audit(event),
          log,
        },
        { runDate, dryRun },
      );
      const { invoices: _invoices, ...outcome } = result;
      if (dryRun || !result.workingDay) return outcome;
      const mail = await financeReportOf(result, { from: this.policy.fromAddress, to: this.policy.reportTo }, (html, selector) => renderHtmlToPng(slot.page, html, selector));
      await this.runtime.sendMail(mail);
      return { ...outcome, reportMailId: mail.id };
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([this.pool.close(), this.copies.close()]);
      this.transport.close();
    })();
    return this.closing;
  }
}

/** The dunning queue's job: one run per date (the job id is the date, so one run per tick however many schedulers). */
export function createDunningProcessor(service: DunningService) {
  return async (job: Job): Promise<DunningOutcome> => {
    const { runDate } = QUEUE_CATALOGUE.dunning.payload.parse(job.data);
    return service.run(runDate, false);
  };
}

/** What the scheduler needs of dunning without a browser or mailbox: the policy and the calendar. */
export function loadDunningSchedule(runtime: Runtime): { policy: DunningPolicy; calendar: WorkingCalendar } {
  const policy = loadYamlConfig(runtime.settings.dunning.policyFile, dunningPolicySchema);
  return { policy, calendar: loadWorkingCalendar(undefined, policy.timezone) };
}
