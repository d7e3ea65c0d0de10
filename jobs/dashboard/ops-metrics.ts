import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APPROVAL_ACTIONS } from '../../bots/approvals/approval-actions.ts';
import type { AuditEvent, OrderLedger } from '../../core/ledger/order-ledger.ts';
import { QUEUE_CATALOGUE, type QueueName } from '../queue-catalogue.ts';
import type { OrderDeskQueues } from '../queues.ts';

/** Job states reported as queue depth. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'failed', 'completed'] as const;
/** Statuses always reported, at 0 when no order has them, so a dashboard panel never loses a series. */
const BASE_STATUSES = ['received', 'awaiting_approval', 'approved', 'rejected', 'expired', 'keying', 'keyed', 'needs_attention', 'failed', 'resolved'];

/**
 * A job counts once it has been in the completed/failed set this long: BullMQ stamps `finishedOn` in the
 * worker a moment before the set is written, so reading right up to "now" could skip a job for good.
 */
const FINISHED_SETTLE_MS = 2_000;
/** Finished jobs read per queue and set per scrape; a backlog beyond it is read at the next scrape. */
const FINISHED_PER_SCRAPE = 5_000;
/** Counting orders by status reads every order: done at most this often, whatever the scrape interval. */
const ORDER_COUNT_MAX_AGE_MS = 30_000;
/** Global audit events read per scrape while looking for approval decisions. */
const AUDIT_PER_SCRAPE = 10_000;
const AUDIT_CHUNK = 1_000;
const MAX_STREAM_SEQUENCE = '18446744073709551615';

/**
 * Audit actions of the approvals bot (bots/approvals/approval-actions.ts): one `approval-requested` per
 * approver when a level is asked, one `approval:decision` per approver's reply (detail: level, decision
 * approve|reject). Re-sends and reminders are not new requests: the approver's clock runs from the first.
 */
export const APPROVAL_REQUEST_ACTION = APPROVAL_ACTIONS.requested;
export const APPROVAL_DECISION_ACTION = APPROVAL_ACTIONS.decision;

export interface OpsMetricsDeps {
  redis: Redis;
  prefix: string;
  queues: OrderDeskQueues;
  ledger: OrderLedger;
}

/**
 * The `/metrics` registry (prom-client). Everything is read from Redis when Prometheus scrapes, so the
 * numbers are the same whichever process runs the workers (the dashboard role may run alone):
 * - queue depth per queue and state (BullMQ job counts);
 * - job durations and failures from the queues' completed and failed sets: each scrape reads the jobs
 *   that finished since the previous one (by their finish time, the sets' score) and observes
 *   `finishedOn - processedOn`, the last attempt's run time. Worker events would only see jobs of
 *   workers in this process;
 * - orders by status (ledger, cached ORDER_COUNT_MAX_AGE_MS);
 * - approval turnaround, from the global audit trail's approval decisions since this process started.
 * Histograms and counters start empty at process start, as Prometheus expects of a restart.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly jobDuration: Histogram<'queue' | 'outcome'>;
  private readonly jobsFailed: Counter<'queue'>;
  private readonly orders: Gauge<'status'>;
  private readonly approvalTurnaround: Histogram<'decision'>;
  private readonly finishedSince = new Map<string, number>();
  /** Last global audit entry looked at. Stream ids start with Redis' clock in ms: begin at this process's start. */
  private auditCursor = `${Date.now() - 1}-${MAX_STREAM_SEQUENCE}`;
  private ordersCountedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly deps: OpsMetricsDeps) {
    const registers = [this.registry];
    this.queueJobs = new Gauge({ name: 'orderdesk_queue_jobs', help: 'Jobs in each queue by state', labelNames: ['queue', 'state'], registers });
    this.jobDuration = new Histogram({
      name: 'orderdesk_job_duration_seconds',
      help: 'Run time of finished jobs (their last attempt), by queue and outcome',
      labelNames: ['queue', 'outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.jobsFailed = new Counter({ name: 'orderdesk_jobs_failed_total', help: 'Jobs that failed for good (retries used up or refused), by queue', labelNames: ['queue'], registers });
    this.orders = new Gauge({ name: 'orderdesk_orders', help: 'Orders in the ledger by status', labelNames: ['status'], registers });
    this.approvalTurnaround = new Histogram({
      name: 'orderdesk_approval_turnaround_seconds',
      help: "Time from a level's approval request to an approver's decision, by decision (approve, reject)",
      labelNames: ['decision'],
      buckets: [60, 300, 900, 1800, 3600, 2 * 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 7 * 24 * 3600],
      registers,
    });
    collectDefaultMetrics({ register: this.registry });
    const now = Date.now();
    for (const queue of Object.keys(QUEUE_CATALOGUE)) for (const set of ['completed', 'failed']) this.finishedSince.set(`${queue}:${set}`, now);
  }

  /** The Prometheus text; rejects when Redis cannot be read (the scrape then fails, as it should). */
  async render(): Promise<string> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    await this.refreshing;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async refresh(): Promise<void> {
    const names = Object.keys(QUEUE_CATALOGUE) as QueueName[];
    await Promise.all(names.map((name) => this.readQueue(name)));
    await this.readOrderCounts();
    await this.readApprovalDecisions();
  }

  private async readQueue(name: QueueName): Promise<void> {
    const queue = this.deps.queues.get(name);
    const counts = await queue.getJobCounts(...QUEUE_STATES);
    for (const state of QUEUE_STATES) this.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
    for (const set of ['completed', 'failed'] as const) {
      const durations = await this.finishedJobs(name, set, queue.toKey(set), (id) => queue.toKey(id));
      for (const seconds of durations) this.jobDuration.observe({ queue: name, outcome: set }, seconds);
      if (set === 'failed' && durations.length > 0) this.jobsFailed.inc({ queue: name }, durations.length);
    }
  }

  /** Run times (s) of the jobs that entered `set` since the last scrape; advances the watermark. */
  private async finishedJobs(queue: QueueName, set: 'completed' | 'failed', setKey: string, jobKey: (id: string) => string): Promise<number[]> {
    const mark = `${queue}:${set}`;
    const since = this.finishedSince.get(mark) ?? Date.now();
    const until = Date.now() - FINISHED_SETTLE_MS;
    if (until <= since) return [];
    const reply = await this.deps.redis.zrangebyscore(setKey, `(${since}`, until, 'WITHSCORES', 'LIMIT', 0, FINISHED_PER_SCRAPE);
    const ids: string[] = [];
    let last = since;
    for (let i = 0; i < reply.length; i += 2) {
      ids.push(reply[i] as string);
      last = Number(reply[i + 1]);
    }
    this.finishedSince.set(mark, ids.length === FINISHED_PER_SCRAPE ? last : until);
    const times = await Promise.all(ids.map((id) => this.deps.redis.hmget(jobKey(id), 'processedOn', 'finishedOn')));
    return times.flatMap(([processedOn, finishedOn]) => (processedOn && finishedOn ? [Math.max(0, Number(finishedOn) - Number(processedOn)) / 1000] : []));
  }

  private async readOrderCounts(): Promise<void> {
    if (Date.now() - this.ordersCountedAt < ORDER_COUNT_MAX_AGE_MS) return;
    const counts = await this.deps.ledger.countByStatus();
    this.orders.reset();
    for (const status of new Set([...BASE_STATUSES, ...Object.keys(counts)])) this.orders.set({ status }, counts[status as keyof typeof counts] ?? 0);
    this.ordersCountedAt = Date.now();
  }

  private async readApprovalDecisions(): Promise<void> {
    const stream = `${this.deps.prefix}:audit`;
    for (let read = 0; read < AUDIT_PER_SCRAPE; read += AUDIT_CHUNK) {
      const entries = await this.deps.redis.xrange(stream, `(${this.auditCursor}`, '+', 'COUNT', AUDIT_CHUNK);
      for (const [id, fields] of entries) {
        this.auditCursor = id;
        const event = JSON.parse(fields[1] ?? '{}') as AuditEvent;
        if (event.action === APPROVAL_DECISION_ACTION && event.orderId) await this.observeTurnaround(event);
      }
      if (entries.length < AUDIT_CHUNK) return;
    }
  }

  /** From the first request of the decision's level (the order's own trail) to the decision. */
  private async observeTurnaround(decision: AuditEvent): Promise<void> {
    const { level, decision: verdict } = (decision.detail ?? {}) as { level?: unknown; decision?: unknown };
    if (verdict !== 'approve' && verdict !== 'reject') return;
    const decidedAt = Date.parse(decision.at);
    const trail = await this.deps.ledger.auditTrail(decision.orderId);
    const request = trail.find((e) => e.action === APPROVAL_REQUEST_ACTION && e.detail?.level === level && Date.parse(e.at) <= decidedAt);
    if (request) this.approvalTurnaround.observe({ decision: verdict }, (decidedAt - Date.parse(request.at)) / 1000);
  }
}
