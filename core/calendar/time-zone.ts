import { ConfigError } from '../config/load-settings.ts';

/**
 * Wall-clock arithmetic in the firm's time zone from Intl alone (no time-zone library needed): the one
 * place that turns instants into local days and back. A formatter per zone is kept, since building one
 * costs far more than using it.
 */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClockOf(timeZone: string): Intl.DateTimeFormat {
  let clock = wallClocks.get(timeZone);
  if (!clock) {
    try {
      clock = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new ConfigError(`config error: timezone: unknown time zone "${timeZone}"`);
    }
    wallClocks.set(timeZone, clock);
  }
  return clock;
}

/** Throws the config error for a zone Intl does not know; quiet for a good one. */
export function assertTimeZone(timeZone: string): void {
  wallClockOf(timeZone);
}

/** Milliseconds to add to UTC to read the wall clock in `timeZone` at `at`. */
export function utcOffsetMs(at: Date, timeZone: string): number {
  const parts = wallClockOf(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The local calendar day (YYYY-MM-DD) an instant falls on: a run at 00:30 Shanghai time is that day's. */
export function localDayOf(at: Date, timeZone: string): string {
  return new Date(at.getTime() + utcOffsetMs(at, timeZone)).toISOString().slice(0, 10);
}

/** The UTC instant of a local day (YYYY-MM-DD) and time of day; the second pass settles a DST change between guesses. */
export function instantOfLocal(day: string, msOfDay: number, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`) + msOfDay;
  const guess = wall - utcOffsetMs(new Date(wall), timeZone);
  return wall - utcOffsetMs(new Date(guess), timeZone);
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDay(day: string): boolean {
  const match = ISO_DAY.exec(day);
  if (!match) return false;
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return !Number.isNaN(midnightUtc) && new Date(midnightUtc).toISOString().slice(0, 10) === day;
}

/**
 * The instant a calendar day (`YYYY-MM-DD`) starts in the firm's time zone: "received on the 15th"
 * means the 15th in Shanghai, not in UTC. Undefined for anything that is not such a date.
 */
export function startOfLocalDay(day: string, timeZone: string): Date | undefined {
  return isCalendarDay(day) ? new Date(instantOfLocal(day, 0, timeZone)) : undefined;
}

/** The start of the day after `day`, so a range "to the 15th" includes all of the 15th. */
export function endOfLocalDay(day: string, timeZone: string): Date | undefined {
  if (!isCalendarDay(day)) return undefined;
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 3600 * 1000).toISOString().slice(0, 10);
  return startOfLocalDay(next, timeZone);
}

/** "2026-03-02 14:05": the firm's wall clock to the minute; '-' for no time, the text itself for a bad one. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso || '-';
  return new Date(at.getTime() + utcOffsetMs(at, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}
