import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { defaultJobOptions, QUEUE_CATALOGUE, type QueueName, type QueuePayload } from './queue-catalogue.ts';

/** The producer side of every queue, sharing one Redis connection; closed together. */
export class OrderDeskQueues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: `${this.prefix}:bull`, defaultJobOptions: defaultJobOptions(name) });
      // The shared connection already reports an outage once (core/redis); BullMQ would print each retry.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<Q extends QueueName>(name: Q, jobId: string, payload: QueuePayload<Q>): Promise<void> {
    QUEUE_CATALOGUE[name].payload.parse(payload);
    await this.get(name).add(name, payload, { jobId });
  }

  /** One round trip for many jobs (a sheet's orders); ids keep a re-run from adding them twice. */
  async addBulk<Q extends QueueName>(name: Q, jobs: { jobId: string; payload: QueuePayload<Q> }[]): Promise<void> {
    const BULK_CHUNK = 1_000;
    for (let start = 0; start < jobs.length; start += BULK_CHUNK) {
      await this.get(name).addBulk(
        jobs.slice(start, start + BULK_CHUNK).map((j) => ({ name, data: QUEUE_CATALOGUE[name].payload.parse(j.payload), opts: { jobId: j.jobId } })),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
