import { z } from 'zod';

/**
 * One BullMQ queue per business step. Each entry says what a job of that queue carries (ids, never
 * copies of orders) and how hard to retry system faults; business refusals are never retried.
 */
export const QUEUE_CATALOGUE = {
  intake: {
    payload: z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('mail'),
        mailbox: z.string(),
        uidValidity: z.string(),
        uid: z.number().int().positive(),
        messageId: z.string().optional(),
      }),
      z.object({ kind: z.literal('drop-file'), claimedPath: z.string() }),
    ]),
    attempts: 5,
    backoffMs: 2_000,
  },
  // Review reads the CRM: an outage waits (exponential backoff, about an hour in all), it is not routed on the sheet's word.
  review: { payload: z.object({ orderId: z.string() }), attempts: 12, backoffMs: 2_000 },
  approvals: {
    payload: z.union([
      z.discriminatedUnion('kind', [
        /** Ask one level of an order's chain (1-based); the job id makes it once per level. */
        z.object({ kind: z.literal('request'), orderId: z.string(), level: z.number().int().positive() }),
        /** An approval reply triage found in the shared mailbox; the approvals bot reads it there. */
        z.object({
          kind: z.literal('reply'),
          mailbox: z.string(),
          uidValidity: z.string(),
          uid: z.number().int().positive(),
          messageId: z.string().optional(),
        }),
      ]),
      /** Send the current level's pending approvers the request again (the dashboard's "re-send"). */
      z.object({ orderId: z.string() }).strict(),
    ]),
    attempts: 5,
    backoffMs: 2_000,
  },
  keying: { payload: z.object({ orderId: z.string() }), attempts: 6, backoffMs: 5_000 },
  mail: { payload: z.object({ mailId: z.string() }), attempts: 8, backoffMs: 3_000 },
  dunning: { payload: z.object({ runDate: z.string() }), attempts: 3, backoffMs: 30_000 },
  /** One job per schedule tick; the job id is the schedule's name and the tick time (see jobs/schedules.ts). */
  schedules: { payload: z.object({ schedule: z.string(), tickAt: z.iso.datetime() }), attempts: 3, backoffMs: 10_000 },
} as const;

export type QueueName = keyof typeof QUEUE_CATALOGUE;
export type QueuePayload<Q extends QueueName> = z.infer<(typeof QUEUE_CATALOGUE)[Q]['payload']>;

/**
 * Completed jobs are kept a week so their ids still deduplicate a late re-enqueue (a mailbox sweep after
 * a crash), and failed ones until an admin reruns or cleans them on the dashboard.
 */
export function defaultJobOptions(queue: QueueName) {
  const entry = QUEUE_CATALOGUE[queue];
  return {
    attempts: entry.attempts,
    backoff: { type: 'exponential' as const, delay: entry.backoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
    removeOnFail: false,
  };
}

/** BullMQ reserves ':' in custom job ids; business keys are joined with '-' and cleaned of it. */
export function jobIdFor(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9._@+-]/g, '_')).join('-');
}
