import { localDayOf } from '../core/calendar/index.ts';
import { chaseApprovals } from './approval-chasing.job.ts';
import { mailChainAnchor } from './audit-anchor.job.ts';
import { approvalDeskFor, loadApprovalSetup, type ApprovalSetup } from './approval-setup.ts';
import { scanDropFolder } from './drop-folder.job.ts';
import { loadDunningSchedule } from './dunning.job.ts';
import { sendDailyOpsReport } from './ops-report.job.ts';
import { jobIdFor } from './queue-catalogue.ts';
import type { RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startSchedules, type Schedule } from './schedules.ts';
import { sendUnrecognizedDigest } from './unrecognized-digest.job.ts';

/** Every recurring piece of work, with its cron and time zone from config/. */
export function configuredSchedules(runtime: Runtime, approvalSetup: ApprovalSetup = loadApprovalSetup(runtime.settings)): Schedule[] {
  const { settings } = runtime;
  const desk = approvalDeskFor(runtime, approvalSetup);
  const dunning = loadDunningSchedule(runtime);
  const schedules: Schedule[] = [
    {
      name: 'approval-chasing',
      cron: settings.approvals.chaseSchedule,
      timezone: settings.timezone,
      // Due-ness is judged at run time: a tick retried late still chases what is due by then.
      run: async () => {
        const summary = await chaseApprovals(runtime, desk);
        if (summary.reminders + summary.escalations + summary.expired > 0) runtime.log.info(summary, 'approval chasing');
        return summary;
      },
    },
    {
      name: 'unrecognized-digest',
      cron: settings.intake.unrecognizedDigestSchedule,
      timezone: settings.timezone,
      run: (tickAt) => sendUnrecognizedDigest(runtime, tickAt),
    },
    {
      name: 'dunning-run',
      cron: dunning.policy.runSchedule,
      timezone: dunning.policy.timezone,
      // The run itself is a `dunning` job keyed by its date, so a manual `orderdesk dunning run` and the tick agree.
      run: async (tickAt) => {
        const runDate = localDayOf(tickAt, dunning.policy.timezone);
        if (!dunning.calendar.isWorkingDay(runDate)) return `no run: ${runDate} is not a working day`;
        await runtime.queues.add('dunning', jobIdFor('dunning-run', runDate), { runDate });
        return `dunning run queued for ${runDate}`;
      },
    },
    {
      name: 'daily-ops-report',
      cron: settings.opsReport.schedule,
      timezone: settings.timezone,
      // The report's day and window come from the tick, so a tick retried later still reports its own morning.
      run: (tickAt) => sendDailyOpsReport(runtime, tickAt),
    },
    {
      name: 'audit-anchor',
      cron: settings.audit.anchorSchedule,
      timezone: settings.timezone,
      // The day anchored is the one before the tick's, so a tick retried later still anchors its own day.
      run: (tickAt) => mailChainAnchor(runtime, tickAt),
    },
  ];
  const folder = settings.intake.dropFolder;
  if (folder) {
    schedules.push({ name: 'drop-folder-scan', cron: settings.intake.dropFolderSchedule, timezone: settings.timezone, run: () => scanDropFolder(runtime, folder) });
  }
  return schedules;
}

/** Scheduler: node-cron ticks in the configured time zones (chasing, digest, dunning, the daily ops report, the drop folder), one queued job per tick. */
export function startSchedulerRole(runtime: Runtime, schedules: Schedule[] = configuredSchedules(runtime)): RunningRole {
  const running = startSchedules(runtime, schedules);
  return { name: 'scheduler', close: () => running.close() };
}
