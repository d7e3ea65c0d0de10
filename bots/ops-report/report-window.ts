import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';

/** A morning's report covers the 24 hours before it is made, as the managers asked. */
const REPORT_PERIOD_MS = 24 * 3600 * 1000;

/** What one morning's report covers. */
export interface ReportWindow {
  /** The local calendar day of the report (YYYY-MM-DD): the report's business key, one mail per day. */
  day: string;
  /** Start of the 24 hours counted. */
  from: Date;
  /** The report time: the end of the 24 hours, and the moment open items are aged against. */
  to: Date;
}

/**
 * The window of a report made at `now`, or none when `now` falls on a non-working day. The working
 * calendar decides, not the cron line: holidays get no report, make-up working Saturdays (调休) get one.
 */
export function reportWindowAt(now: Date, calendar: WorkingCalendar): ReportWindow | undefined {
  if (!calendar.isWorkingDay(now)) return undefined;
  return { day: calendar.localDay(now), from: new Date(now.getTime() - REPORT_PERIOD_MS), to: now };
}

/** Whether an instant (ISO text) lies in the window; missing or unreadable times do not. */
export function inWindow(iso: string | undefined, window: ReportWindow): boolean {
  const at = Date.parse(iso ?? '');
  return at >= window.from.getTime() && at < window.to.getTime();
}
