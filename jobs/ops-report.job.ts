import { ApprovalStore } from '../bots/approvals/approval-store.ts';
import { buildOpsReportMail, opsFigures, opsReportMailId, readOrderHistories, reportWindowAt, type ServiceLevels } from '../bots/ops-report/index.ts';
import { loadWorkingCalendar, type WorkingCalendar } from '../core/calendar/index.ts';
import type { Runtime } from './runtime.ts';

/**
 * Stages the managers' daily ops report for the working day of `now` and queues it; on a non-working
 * day sends nothing and returns undefined. The mail id is the report day, so several schedulers ticking
 * at once, or a rerun, send it once; a day already staged is only queued again (the mail job id keeps
 * that once-only too), without reading the ledger again. `calendar` defaults to config/calendar.yaml
 * in the configured time zone.
 */
export async function sendDailyOpsReport(runtime: Runtime, now = new Date(), calendar: WorkingCalendar = loadWorkingCalendar(undefined, runtime.settings.timezone)): Promise<string | undefined> {
  const window = reportWindowAt(now, calendar);
  if (!window) return undefined;
  const { settings, outbox } = runtime;
  const mailId = opsReportMailId(window.day);
  if ((await outbox.status(mailId)) === undefined) {
    const { recipients, approvalSlaWorkingHours, keyingSlaMinutes, listLimit } = settings.opsReport;
    const levels: ServiceLevels = { approvalSlaWorkingHours, keyingSlaMinutes };
    const histories = await readOrderHistories({ ledger: runtime.ledger, approvals: new ApprovalStore(runtime.redis, settings.redis.prefix) }, window.from);
    const figures = opsFigures(histories, window, levels, calendar);
    await outbox.stage(buildOpsReportMail({ figures, from: settings.mail.sharedMailbox, to: recipients, levels, listLimit, timeZone: calendar.timeZone }));
  }
  await runtime.queueMail(mailId);
  return mailId;
}
