import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Runtime } from '../../jobs/runtime.ts';
import { configuredSchedules } from '../../jobs/scheduler-role.ts';
import { startSchedules, tickJobId, type Schedule } from '../../jobs/schedules.ts';
import { eventually, sandboxMailbox, testSettings } from './helpers/test-environment.ts';

const stack = inject('stack');
const settings = testSettings(stack, sandboxMailbox(stack, 'orders'));

describe('schedules', () => {
  // Two scheduler instances over one Redis, as on two machines.
  let first: Runtime;
  let second: Runtime;
  beforeAll(async () => {
    first = await Runtime.create(settings);
    second = await Runtime.create(settings);
  });
  afterAll(async () => {
    await Promise.allSettled([first?.close(), second?.close()]);
  });

  it('runs each tick once, under a job id of the schedule name and tick time, however many schedulers tick', async () => {
    const ran: { instance: string; tickAt: string }[] = [];
    const heartbeat = (instance: string): Schedule => ({
      name: 'heartbeat',
      cron: '* * * * * *',
      timezone: settings.timezone,
      run: async (tickAt) => {
        ran.push({ instance, tickAt: tickAt.toISOString() });
      },
    });
    const running = [startSchedules(first, [heartbeat('first')]), startSchedules(second, [heartbeat('second')])];
    try {
      // Both schedulers compete for every second's tick; two ticks run are enough to see each run once.
      await eventually('two ticks run', async () => (new Set(ran.map((r) => r.tickAt)).size >= 2 ? true : undefined), 20_000);
    } finally {
      await Promise.all(running.map((r) => r.close()));
    }
    const ticks = ran.map((r) => r.tickAt);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(new Set(ticks).size).toBe(ticks.length);
    for (const tick of ticks) {
      expect(new Date(tick).getMilliseconds()).toBe(0);
      const job = await first.queues.get('schedules').getJob(tickJobId('heartbeat', new Date(tick)));
      expect(job?.data).toEqual({ schedule: 'heartbeat', tickAt: tick });
      expect(await job?.getState()).toBe('completed');
    }
  });

  it('queues the dunning run on working days only, one job per date whichever instance runs the tick', async () => {
    const dunningTick = (runtime: Runtime): Schedule => configuredSchedules(runtime).find((s) => s.name === 'dunning-run') as Schedule;
    // 1 October 2026 is National Day (config/calendar.yaml); 23 November 2026 is a Monday.
    expect(await dunningTick(first).run(new Date('2026-10-01T00:30:00Z'))).toMatch(/not a working day/);
    expect(await first.queues.get('dunning').getJob('dunning-run-2026-10-01')).toBeUndefined();
    await dunningTick(first).run(new Date('2026-11-23T00:30:00Z'));
    await dunningTick(second).run(new Date('2026-11-23T00:31:00Z'));
    const jobs = await first.queues.get('dunning').getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    expect(jobs.map((j) => j.id)).toEqual(['dunning-run-2026-11-23']);
    expect(jobs[0]?.data).toEqual({ runDate: '2026-11-23' });
  });

  it('lists the configured schedules, the drop-folder scan only when a folder is set', async () => {
    expect(configuredSchedules(first).map((s) => s.name)).toEqual(['approval-chasing', 'unrecognized-digest', 'dunning-run', 'daily-ops-report', 'audit-anchor']);
    const withFolder = await Runtime.create(testSettings(stack, sandboxMailbox(stack, 'orders'), { INTAKE_DROP_FOLDER: '/srv/drop' }));
    try {
      expect(configuredSchedules(withFolder).map((s) => s.name)).toContain('drop-folder-scan');
    } finally {
      await withFolder.close();
    }
  });
});
