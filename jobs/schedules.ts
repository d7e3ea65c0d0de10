import { schedule as cronSchedule } from 'node-cron';
import { jobIdFor, QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

/** A recurring piece of work: when (cron in a time zone) and what one tick does. */
export interface Schedule {
  /** Names the schedule in logs, on the dashboard and in each tick's job id. */
  name: string;
  cron: string;
  timezone: string;
  /** One tick's work; it runs in exactly one scheduler process, however many are ticking. */
  run(tickAt: Date): Promise<unknown>;
}

/**
 * The job id of one tick: the schedule's name and the tick time. Every scheduler instance computes the
 * same id for the same tick and BullMQ keeps one job per id, so one tick runs once (and a rerun from
 * the dashboard reruns that very tick).
 */
export function tickJobId(scheduleName: string, tickAt: Date): string {
  return jobIdFor('tick', scheduleName, tickAt.toISOString());
}

/** Cron fires per second at most; instances whose clocks differ by milliseconds must agree on the tick. */
function tickTime(scheduledAt: Date): Date {
  return new Date(Math.floor(scheduledAt.getTime() / 1000) * 1000);
}

export interface RunningSchedules {
  close(): Promise<void>;
}

/**
 * node-cron ticks enqueue one `schedules` job per tick; a worker here runs the ticks of the schedules
 * this process knows. Completed tick jobs are kept a week (queue defaults), so a tick enqueued late by
 * a second instance still finds its id taken.
 */
export function startSchedules(runtime: Runtime, schedules: Schedule[]): RunningSchedules {
  const byName = new Map(schedules.map((s) => [s.name, s]));
  const worker = startWorker(
    runtime,
    'schedules',
    async (job) => {
      const { schedule, tickAt } = QUEUE_CATALOGUE.schedules.payload.parse(job.data);
      const entry = byName.get(schedule);
      // Another instance's config may name a schedule this one lacks: a plain error retries it, maybe there.
      if (!entry) throw new Error(`no schedule named ${schedule} in this process's settings`);
      return entry.run(new Date(tickAt));
    },
    { concurrency: Math.max(1, schedules.length) },
  );
  const tasks = schedules.map((entry) =>
    cronSchedule(
      entry.cron,
      async (context) => {
        const tickAt = tickTime(context.date);
        try {
          await runtime.queues.add('schedules', tickJobId(entry.name, tickAt), { schedule: entry.name, tickAt: tickAt.toISOString() });
        } catch (error) {
          runtime.log.warn({ schedule: entry.name, tickAt, err: (error as Error).message }, 'could not queue a schedule tick; the next tick comes anyway');
        }
      },
      { timezone: entry.timezone, name: entry.name },
    ),
  );
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= (async () => {
        await Promise.allSettled(tasks.map((t) => t.destroy()));
        await worker.close();
      })();
      return closing;
    },
  };
}
