import { describe, expect, it } from 'vitest';
import { parseCookies, safeNext } from '../../../jobs/dashboard/dashboard-auth.ts';
import { endOfLocalDay, startOfLocalDay } from '../../../core/calendar/index.ts';
import { can, queueBoardPermission, type DashboardRole, type Permission } from '../../../jobs/dashboard/permissions.ts';
import { describeQueueCall } from '../../../jobs/dashboard/queue-board.ts';

describe('dashboard roles', () => {
  const table: [DashboardRole, Permission, boolean][] = [
    ['viewer', 'read', true],
    ['viewer', 'rerun-work', false],
    ['viewer', 'remove-work', false],
    ['operator', 'read', true],
    ['operator', 'rerun-work', true],
    ['operator', 'remove-work', false],
    ['admin', 'read', true],
    ['admin', 'rerun-work', true],
    ['admin', 'remove-work', true],
  ];
  it.each(table)('%s may %s: %s', (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
  });
});

describe('what a bull-board call needs', () => {
  it.each([
    ['GET', '/', 'read'],
    ['GET', '/api/queues', 'read'],
    ['GET', '/api/queues/keying/42/logs', 'read'],
    ['HEAD', '/static/js/main.js', 'read'],
    ['PUT', '/api/queues/keying/42/retry', 'rerun-work'],
    ['PUT', '/api/queues/keying/retry/failed', 'rerun-work'],
    ['PUT', '/api/queues/keying/promote', 'rerun-work'],
    ['PUT', '/api/queues/keying/42/promote', 'rerun-work'],
    ['PUT', '/api/queues/keying/42/clean', 'remove-work'],
    ['PUT', '/api/queues/keying/clean/failed', 'remove-work'],
    ['PUT', '/api/queues/keying/empty', 'remove-work'],
    ['PUT', '/api/queues/keying/obliterate', 'remove-work'],
    ['PUT', '/api/queues/keying/pause', 'remove-work'],
    ['POST', '/api/queues/keying/add', 'remove-work'],
    ['PATCH', '/api/queues/keying/42/update-data', 'remove-work'],
    ['DELETE', '/api/queues/keying/42', 'remove-work'],
    // Anything bull-board adds later is an admin's until someone decides otherwise.
    ['POST', '/api/something-new', 'remove-work'],
  ])('%s %s needs %s', (method, path, permission) => {
    expect(queueBoardPermission(method, path)).toBe(permission);
  });

  it.each([
    ['PUT', '/api/queues/keying/keying-o1-rerun-1/retry', { action: 'dashboard:job-retry', queue: 'keying', jobId: 'keying-o1-rerun-1' }],
    ['PUT', '/api/queues/mail/retry/failed', { action: 'dashboard:queue-retry-all', queue: 'mail', state: 'failed' }],
    ['PUT', '/api/queues/mail/clean/completed', { action: 'dashboard:queue-clean-all', queue: 'mail', state: 'completed' }],
    ['PUT', '/api/queues/mail/promote', { action: 'dashboard:queue-promote', queue: 'mail' }],
    ['PUT', '/api/queues/pause', { action: 'dashboard:all-queues-pause' }],
    ['PUT', '/api/queues/keying/pause', { action: 'dashboard:queue-pause', queue: 'keying' }],
    ['POST', '/elsewhere', { action: 'dashboard:queues-post' }],
  ])('audits %s %s as %j', (method, path, expected) => {
    expect(describeQueueCall(method, path)).toMatchObject(expected);
  });
});

describe('log-in helpers', () => {
  it.each([
    ['/orders?status=failed', '/orders?status=failed'],
    ['/queues/queue/keying', '/queues/queue/keying'],
    ['//evil.example/x', '/orders'],
    ['/\\evil.example', '/orders'],
    ['https://evil.example/', '/orders'],
    ['javascript:alert(1)', '/orders'],
    [undefined, '/orders'],
    [['/a', '/b'], '/orders'],
  ])('sends %j after log-in to %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('reads cookies, keeping the first of a repeated name and skipping undecodable ones', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; bad=%E0%A4%A; =nameless; c')).toEqual({ a: '1', b: 'x y' });
    expect(parseCookies(undefined)).toEqual({});
  });
});

describe('day ranges in the firm time zone', () => {
  it('starts a Shanghai day at 16:00 UTC the day before and ends it 24 hours later', () => {
    expect(startOfLocalDay('2026-03-15', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-14T16:00:00.000Z');
    expect(endOfLocalDay('2026-03-15', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-15T16:00:00.000Z');
    expect(endOfLocalDay('2026-12-31', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('follows a daylight-saving change (a 23-hour day in London)', () => {
    const start = startOfLocalDay('2026-03-29', 'Europe/London');
    const end = endOfLocalDay('2026-03-29', 'Europe/London');
    expect(start?.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(end?.toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it.each(['2026-02-30', '15.03.2026', '2026-3-5', '', 'yesterday'])('ignores %j, which is no date', (day) => {
    expect(startOfLocalDay(day, 'Asia/Shanghai')).toBeUndefined();
  });
});
