export { DEFAULT_CALENDAR_PATH, loadWorkingCalendar, WorkingCalendar, workingCalendarFrom } from './working-calendar.ts';
