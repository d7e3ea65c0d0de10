import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { OrderDeskError } from '../core/errors/orderdesk-error.ts';
import type { QueueName } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

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
  const worker = new Worker(
    queue,
    async (job) => {
      try {
        return await processor(job);
      } catch (error) {
        if (error instanceof OrderDeskError && error.business) throw new UnrecoverableError(`${error.code}: ${error.message}`);
        throw error;
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
  return new QueueWorker(worker, connection);
}

/** A worker and the connection it was given (BullMQ does not close a connection it did not create). */
export class QueueWorker {
  private closing: Promise<void> | undefined;

  constructor(
    readonly worker: Worker,
    private readonly connection: Redis,
  ) {}

  /** Stops taking jobs, lets active ones finish, then drops the connection. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.worker
      .close()
      .catch(() => undefined)
      .then(() => this.connection.quit().then(() => undefined, () => this.connection.disconnect()));
    return this.closing;
  }
}
