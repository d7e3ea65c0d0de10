import { fileURLToPath } from 'node:url';
import { calendarSchema, type CalendarConfig, type Weekday } from '../../config/calendar-schema.ts';
import { assertTimeZone, instantOfLocal, localDayOf, utcOffsetMs } from './time-zone.ts';
import { loadYamlConfig, yamlConfigError } from '../config/load-yaml-config.ts';

export const DEFAULT_CALENDAR_PATH = fileURLToPath(new URL('../../config/calendar.yaml', import.meta.url));

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** A calendar with no working time in two years is a broken calendar, not a long wait. */
const MAX_SEARCH_DAYS = 2 * 366;

/** Date.getUTCDay() order: Sunday first. */
const UTC_DAY_NAMES: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function clockToMs(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * HOUR_MS + Number(minutes) * MINUTE_MS;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * The firm's working time in one time zone: which days are working days (weekdays, minus public
 * holidays, plus adjusted working weekends) and the business hours of each. General on purpose: approval
 * chasing counts working hours with it, dunning picks working days.
 */
export class WorkingCalendar {
  private readonly weekdays: ReadonlySet<Weekday>;
  private readonly holidays = new Set<string>();
  private readonly workingWeekends = new Set<string>();
  private readonly periods: readonly { fromMs: number; toMs: number }[];

  constructor(
    config: CalendarConfig,
    readonly timeZone: string,
  ) {
    assertTimeZone(timeZone);
    this.weekdays = new Set(config.workingWeekdays);
    for (const holiday of config.holidays) {
      for (let day = holiday.from; day <= (holiday.to ?? holiday.from); day = nextDay(day)) this.holidays.add(day);
    }
    for (const weekend of config.workingWeekends) this.workingWeekends.add(weekend.date);
    this.periods = config.businessHours.map((p) => ({ fromMs: clockToMs(p.from), toMs: clockToMs(p.to) }));
  }

  /** The local calendar day (YYYY-MM-DD) an instant falls on. */
  localDay(at: Date): string {
    return localDayOf(at, this.timeZone);
  }

  /** A day (YYYY-MM-DD, or the local day of an instant) on which the firm works. */
  isWorkingDay(day: string | Date): boolean {
    const date = typeof day === 'string' ? day : this.localDay(day);
    if (this.holidays.has(date)) return false;
    if (this.workingWeekends.has(date)) return true;
    return this.weekdays.has(UTC_DAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()] as Weekday);
  }

  /** `at` itself during business hours, else the start of the next business period. */
  nextWorkingTime(at: Date): Date {
    return this.addWorkingHours(at, 0);
  }

  /** The instant `hours` working hours after `start`; time outside business hours does not count. */
  addWorkingHours(start: Date, hours: number): Date {
    if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError(`working hours must be a non-negative number, got ${hours}`);
    let remaining = hours * HOUR_MS;
    let day = this.localDay(start);
    for (let searched = 0; searched < MAX_SEARCH_DAYS; searched++, day = nextDay(day)) {
      if (!this.isWorkingDay(day)) continue;
      for (const period of this.periods) {
        const periodEnd = this.instantOf(day, period.toMs);
        const from = Math.max(this.instantOf(day, period.fromMs), start.getTime());
        if (from >= periodEnd) continue;
        if (remaining <= periodEnd - from) return new Date(from + remaining);
        remaining -= periodEnd - from;
      }
    }
    throw new Error(`the working calendar has no working time within ${MAX_SEARCH_DAYS} days of ${start.toISOString()}`);
  }

  /** The same local time of day `days` working days after the next working time from `start`. */
  addWorkingDays(start: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a non-negative integer, got ${days}`);
    const from = this.nextWorkingTime(start);
    const timeOfDay = (from.getTime() + utcOffsetMs(from, this.timeZone)) % DAY_MS;
    let day = this.localDay(from);
    for (let left = days, searched = 0; left > 0; searched++) {
      if (searched > MAX_SEARCH_DAYS) throw new Error(`the working calendar has fewer than ${days} working days in ${MAX_SEARCH_DAYS} days`);
      day = nextDay(day);
      if (this.isWorkingDay(day)) left--;
    }
    return new Date(this.instantOf(day, timeOfDay));
  }

  private instantOf(day: string, msOfDay: number): number {
    return instantOfLocal(day, msOfDay, this.timeZone);
  }
}

/** A parsed calendar file, cross-checked: a day cannot be both a holiday and a make-up working day. */
export function workingCalendarFrom(config: CalendarConfig, timeZone: string, source = 'calendar'): WorkingCalendar {
  const calendar = new WorkingCalendar(config, timeZone);
  config.workingWeekends.forEach((weekend, index) => {
    const weekday = UTC_DAY_NAMES[new Date(`${weekend.date}T00:00:00Z`).getUTCDay()] as Weekday;
    if (config.holidays.some((h) => weekend.date >= h.from && weekend.date <= (h.to ?? h.from))) {
      throw yamlConfigError(source, `workingWeekends.${index}.date`, `${weekend.date} is also listed as a holiday`);
    }
    if (config.workingWeekdays.includes(weekday)) {
      throw yamlConfigError(source, `workingWeekends.${index}.date`, `${weekend.date} is a ${weekday}, already a working day`);
    }
  });
  return calendar;
}

/** Reads config/calendar.yaml (or `path`) at start-up; a bad value throws a one-line ConfigError. */
export function loadWorkingCalendar(path: string = DEFAULT_CALENDAR_PATH, timeZone = 'Asia/Shanghai'): WorkingCalendar {
  return workingCalendarFrom(loadYamlConfig(path, calendarSchema), timeZone, path);
}
