import { describe, expect, it } from 'vitest';
import { agingBucket, daysOverdue } from '../../../fixtures/acme-suite/domain/aging.ts';
import { addDays, daysBetween, isIsoDate } from '../../../fixtures/acme-suite/domain/business-date.ts';

describe('aging buckets', () => {
  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, '1-30'],
    [30, '1-30'],
    [31, '31-60'],
    [60, '31-60'],
    [61, '61-90'],
    [90, '61-90'],
    [91, '90+'],
    [400, '90+'],
  ])('%d days overdue → %s', (days, bucket) => {
    expect(agingBucket(days)).toBe(bucket);
  });

  it('counts days overdue only while something is outstanding', () => {
    expect(daysOverdue('2026-03-01', 100, '2026-03-15')).toBe(14);
    expect(daysOverdue('2026-03-20', 100, '2026-03-15')).toBe(0);
    expect(daysOverdue('2026-01-01', 0, '2026-03-15')).toBe(0);
  });
});

describe('business dates', () => {
  it('does calendar arithmetic across month, leap day and year ends', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2025-12-31', '2026-03-01')).toBe(60);
  });

  it.each([
    ['2026-02-29', false],
    ['2028-02-29', true],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026/01/01', false],
    ['2026-04-31', false],
    ['2026-04-30', true],
  ])('%s is a date: %s', (text, ok) => {
    expect(isIsoDate(text)).toBe(ok);
  });
});
