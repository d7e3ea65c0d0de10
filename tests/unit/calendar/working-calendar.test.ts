import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calendarSchema } from '../../../config/calendar-schema.ts';
import { loadWorkingCalendar, workingCalendarFrom } from '../../../core/calendar/index.ts';

const shanghai = loadWorkingCalendar(undefined, 'Asia/Shanghai');
const at = (local: string): Date => new Date(`${local}+08:00`);
const local = (date: Date): string => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('the shipped 2026 calendar (mainland China)', () => {
  it.each([
    ['2026-01-01', false, 'New Year holiday (Thursday)'],
    ['2026-01-02', false, 'New Year holiday (Friday)'],
    ['2026-01-04', true, 'make-up Sunday'],
    ['2026-01-05', true, 'ordinary Monday'],
    ['2026-01-10', false, 'ordinary Saturday'],
    ['2026-02-13', true, 'Friday before Spring Festival'],
    ['2026-02-14', true, 'make-up Saturday'],
    ['2026-02-16', false, 'Spring Festival Monday'],
    ['2026-02-23', false, 'last Spring Festival day'],
    ['2026-02-24', true, 'back to work'],
    ['2026-02-28', true, 'make-up Saturday'],
    ['2026-04-06', false, 'Qingming Monday'],
    ['2026-05-05', false, 'Labour Day Tuesday'],
    ['2026-05-09', true, 'make-up Saturday'],
    ['2026-06-19', false, 'Dragon Boat Friday'],
    ['2026-09-20', true, 'make-up Sunday'],
    ['2026-09-25', false, 'Mid-Autumn Friday'],
    ['2026-10-07', false, 'National Day Wednesday'],
    ['2026-10-08', true, 'Thursday after National Day'],
    ['2026-10-10', true, 'make-up Saturday'],
    ['2026-10-11', false, 'ordinary Sunday'],
  ])('%s is %s a working day (%s)', (day, working) => {
    expect(shanghai.isWorkingDay(day)).toBe(working);
  });

  it('reads an instant on its Shanghai day, not its UTC day', () => {
    expect(shanghai.isWorkingDay(new Date('2026-01-04T16:30:00Z'))).toBe(true); // Mon 2026-01-05 00:30 local
    expect(shanghai.isWorkingDay(new Date('2026-01-03T15:59:00Z'))).toBe(false); // Sat 2026-01-03 23:59 local, a holiday
    expect(shanghai.localDay(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
});

describe('working hours', () => {
  it.each([
    ['2026-03-02T09:00', 4, '2026-03-02 14:30', 'skips the lunch break'],
    ['2026-03-02T09:00', 3, '2026-03-02 12:00', 'ends exactly at the end of a period'],
    ['2026-03-02T10:15', 0.5, '2026-03-02 10:45', 'half an hour'],
    ['2026-03-02T12:30', 1, '2026-03-02 14:30', 'starts from the afternoon when asked at lunch'],
    ['2026-03-02T20:00', 1, '2026-03-03 10:00', 'starts the next morning when asked at night'],
    ['2026-03-06T17:00', 2, '2026-03-09 10:00', 'skips the weekend'],
    ['2026-09-30T17:00', 4, '2026-10-08 12:00', 'skips National Day week'],
    ['2026-02-13T17:00', 2, '2026-02-14 10:00', 'works the make-up Saturday before Spring Festival'],
    ['2026-02-14T17:00', 2, '2026-02-24 10:00', 'then skips the whole festival'],
    ['2026-03-02T09:00', 15, '2026-03-03 18:00', 'two full working days of 7.5 hours end at the second close'],
  ])('%s + %s working hours = %s (%s)', (start, hours, expected) => {
    expect(local(shanghai.addWorkingHours(at(start), hours))).toBe(expected);
  });

  it('gives the next working time: now if working, else the next period start', () => {
    expect(local(shanghai.nextWorkingTime(at('2026-03-02T10:00')))).toBe('2026-03-02 10:00');
    expect(local(shanghai.nextWorkingTime(at('2026-03-02T12:30')))).toBe('2026-03-02 13:30');
    expect(local(shanghai.nextWorkingTime(at('2026-03-02T18:00')))).toBe('2026-03-03 09:00');
    expect(local(shanghai.nextWorkingTime(at('2026-04-03T19:00')))).toBe('2026-04-07 09:00');
  });

  it.each([
    ['2026-03-02T10:00', 5, '2026-03-09 10:00', 'a week of working days'],
    ['2026-03-07T10:00', 1, '2026-03-10 09:00', 'from a Saturday: counted from Monday morning'],
    ['2026-09-29T10:00', 3, '2026-10-09 10:00', 'across National Day'],
    ['2026-03-02T10:00', 0, '2026-03-02 10:00', 'zero days'],
  ])('%s + %s working days = %s (%s)', (start, days, expected) => {
    expect(local(shanghai.addWorkingDays(at(start), days))).toBe(expected);
  });

  it('refuses negative or non-numeric amounts of time', () => {
    expect(() => shanghai.addWorkingHours(at('2026-03-02T10:00'), -1)).toThrow(RangeError);
    expect(() => shanghai.addWorkingHours(at('2026-03-02T10:00'), Number.NaN)).toThrow(RangeError);
    expect(() => shanghai.addWorkingDays(at('2026-03-02T10:00'), 1.5)).toThrow(RangeError);
  });

  it('handles a time zone with daylight saving (New York, clocks forward on 2026-03-08)', () => {
    const config = calendarSchema.parse({ version: 1, workingWeekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], businessHours: [{ from: '09:00', to: '17:00' }] });
    const newYork = workingCalendarFrom(config, 'America/New_York');
    // Friday 16:00 EST (21:00Z) + 2 working hours = Monday 10:00 EDT (14:00Z).
    expect(newYork.addWorkingHours(new Date('2026-03-06T21:00:00Z'), 2).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });
});

describe('calendar configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderdesk-calendar-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const base = 'version: 1\nworkingWeekdays: [mon, tue, wed, thu, fri]\nbusinessHours: [{ from: "09:00", to: "18:00" }]\n';

  it.each([
    ['bad-time.yaml', 'version: 1\nworkingWeekdays: [mon]\nbusinessHours: [{ from: "25:00", to: "18:00" }]\n', /bad-time\.yaml: businessHours\.0\.from: expected a time/],
    ['backwards.yaml', 'version: 1\nworkingWeekdays: [mon]\nbusinessHours: [{ from: "18:00", to: "09:00" }]\n', /backwards\.yaml: businessHours\.0\.to: `to` must be after `from`/],
    ['overlap.yaml', 'version: 1\nworkingWeekdays: [mon]\nbusinessHours: [{ from: "09:00", to: "13:00" }, { from: "12:00", to: "18:00" }]\n', /overlap\.yaml: businessHours: periods must be in order/],
    ['weekday.yaml', 'version: 1\nworkingWeekdays: [mon, funday]\nbusinessHours: [{ from: "09:00", to: "18:00" }]\n', /weekday\.yaml: workingWeekdays\.1: /],
    ['not-yaml.yaml', 'version: [1\n', /not-yaml\.yaml: \(file\): not valid YAML/],
    ['bad-date.yaml', `${base}holidays: [{ from: 2026-02-30, name: x }]\n`, /bad-date\.yaml: holidays\.0\.from: not a calendar date/],
    ['clash.yaml', `${base}holidays: [{ from: 2026-01-01, to: 2026-01-04, name: x }]\nworkingWeekends: [{ date: 2026-01-04, name: y }]\n`, /clash\.yaml: workingWeekends\.0\.date: 2026-01-04 is also listed as a holiday/],
    ['weekday-makeup.yaml', `${base}workingWeekends: [{ date: 2026-01-05, name: y }]\n`, /weekday-makeup\.yaml: workingWeekends\.0\.date: 2026-01-05 is a mon, already a working day/],
    ['unknown-key.yaml', `${base}lunch: yes\n`, /unknown-key\.yaml: \(top level\): Unrecognized key/],
  ])('%s stops start-up with one line naming the file and key', (name, text, message) => {
    const error = (() => {
      try {
        loadWorkingCalendar(write(name, text), 'Asia/Shanghai');
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/^config error: /);
    expect(error?.message).not.toContain('\n');
  });

  it('refuses an unknown time zone, naming the setting', () => {
    expect(() => loadWorkingCalendar(undefined, 'Mars/Olympus')).toThrow(/config error: timezone: unknown time zone "Mars\/Olympus"/);
  });
});
