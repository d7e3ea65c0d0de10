export { endOfLocalDay, formatLocalTime, instantOfLocal, localDayOf, startOfLocalDay, utcOffsetMs } from './time-zone.ts';
export { DEFAULT_CALENDAR_PATH, loadWorkingCalendar, WorkingCalendar, workingCalendarFrom } from './working-calendar.ts';
