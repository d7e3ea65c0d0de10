import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { OrderDeskError } from '../core/errors/orderdesk-error.ts';
import type { Logger } from '../core/logging/logger.ts';
import { settleWithin } from '../core/process/settle-within.ts';
import type { QueueName } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/** Once the worker stopped (or its grace ran out), how long Redis may take to acknowledge QUIT before the socket is dropped. */
const REDIS_QUIT_TIMEOUT_MS = 1_000;
/** How often a closing worker looks whether it is idle with Redis gone, when nothing is left to wait for. */
const IDLE_CHECK_INTERVAL_MS = 250;

/**
 * A BullMQ worker for one queue, with its own Redis connection (workers block on it). Business refusals
 * (OrderDeskError with business: true) become UnrecoverableError so BullMQ never retries them; anything
 * else is a system fault and is retried with the queue's backoff.
 */
export function startWorker(
  runtime: Runtime,
  queue: QueueName,
  processor: (job: Job) => Promise<unknown>,
  options: { concurrency?: number; /** BullMQ rate limit across every worker of the queue: at most `max` jobs per `duration` ms. */ limiter?: { max: number; duration: number } } = {},
): QueueWorker {
  const connection = runtime.newRedisConnection(`worker-${queue}`);
  const activity = { jobs: 0 };
  const worker = new Worker(
    queue,
    async (job) => {
      activity.jobs += 1;
      try {
        return await processor(job);
      } catch (error) {
        if (error instanceof OrderDeskError && error.business) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
      } finally {
        activity.jobs -= 1;
      }
    },
    {
      connection,
      prefix: `${runtime.settings.redis.prefix}:bull`,
      concurrency: options.concurrency ?? 1,
      ...(options.limiter ? { limiter: options.limiter } : {}),
      lockDuration: runtime.settings.workers.lockDurationMs,
      stalledInterval: runtime.settings.workers.stalledIntervalMs,
    },
  );
  worker.on('failed', (job, error) => runtime.log.warn({ queue, jobId: job?.id, attempt: job?.attemptsMade, err: error.message }, 'job failed'));
  worker.on('error', (error) => runtime.log.error({ queue, err: error.message }, 'worker error'));
  return new QueueWorker(worker, connection, { queue, graceMs: runtime.settings.workers.shutdownGraceMs, log: runtime.log, activeJobs: () => activity.jobs });
}

interface ShutdownTerms {
  queue: QueueName;
  /** How long active jobs may take to finish (workers.shutdownGraceMs). */
  graceMs: number;
  log: Logger;
  activeJobs: () => number;
}

/** A worker and the connection it was given (BullMQ does not close a connection it did not create). */
export class QueueWorker {
  private closing: Promise<void> | undefined;

  constructor(
    readonly worker: Worker,
    private readonly connection: Redis,
    private readonly terms: ShutdownTerms,
  ) {}

  /**
   * Stops taking jobs, lets active ones finish for up to the grace period, then drops the connection.
   * Idempotent, and always returns within grace + a second: BullMQ's close waits for Redis to acknowledge
   * after the jobs, and with Redis gone that never happens (its blocking client waits for an 'end' a
   * reconnecting ioredis never emits). A job cut short is retried after the stall check, as after a crash.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const { queue, graceMs, log } = this.terms;
      const stopped = this.worker.close();
      const idle = this.idleWithRedisGone();
      const inTime = await settleWithin(Promise.race([stopped, idle.reached]), graceMs);
      idle.cancel();
      if (!inTime) {
        const activeJobs = this.terms.activeJobs();
        log.warn({ queue, graceMs, activeJobs }, activeJobs > 0 ? 'jobs still active after the grace period; they will be retried' : 'Redis did not answer the worker within the grace period; closing anyway');
      }
      // QUIT lets Redis answer what is in flight; a Redis that is gone answers nothing, so the socket is dropped.
      if (!(await settleWithin(this.connection.quit(), REDIS_QUIT_TIMEOUT_MS))) this.connection.disconnect();
    })();
    return this.closing;
  }

  /**
   * Resolves once no job is active and Redis is unreachable: nothing is left to finish, and waiting for
   * BullMQ's goodbye to a server that is gone would only spend the grace period.
   */
  private idleWithRedisGone(): { reached: Promise<void>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<void>((resolve) => {
      const check = (): void => {
        if (this.terms.activeJobs() === 0 && this.connection.status !== 'ready') resolve();
        else timer = setTimeout(check, IDLE_CHECK_INTERVAL_MS);
      };
      check();
    });
    return { reached, cancel: () => clearTimeout(timer) };
  }
}
