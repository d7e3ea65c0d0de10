import { z } from 'zod';

/**
 * Schema of config/calendar.yaml: when the firm works. Bots that wait "N working hours" (approval
 * chasing) or act "on working days" (dunning) read it through core/calendar.
 */
const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'not a calendar date');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:MM (24-hour clock)');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const dayRange = z
  .object({ from: isoDay, to: isoDay.optional(), name: z.string().min(1) })
  .strict()
  .refine((range) => range.to === undefined || range.to >= range.from, { message: '`to` is before `from`', path: ['to'] });

export const calendarSchema = z
  .object({
    version: z.literal(1),
    /** Days of the week that are working days unless listed as holidays. */
    workingWeekdays: z.array(z.enum(WEEKDAYS)).min(1),
    /** Business hours of a working day, in the installation's time zone; several periods allow a lunch break. */
    businessHours: z
      .array(z.object({ from: clockTime, to: clockTime }).strict().refine((p) => p.to > p.from, { message: '`to` must be after `from`', path: ['to'] }))
      .min(1)
      .refine((periods) => periods.every((p, i) => i === 0 || p.from >= (periods[i - 1]?.to ?? '')), 'periods must be in order and must not overlap'),
    /** Public holidays (inclusive ranges): no work even on a working weekday. */
    holidays: z.array(dayRange).default([]),
    /** Weekend days made working days (mainland China's adjusted working days, 调休上班). */
    workingWeekends: z.array(z.object({ date: isoDay, name: z.string().min(1) }).strict()).default([]),
  })
  .strict();

export type CalendarConfig = z.infer<typeof calendarSchema>;
