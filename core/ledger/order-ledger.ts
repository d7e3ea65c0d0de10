import type { Redis } from 'ioredis';
import { AuditChainWriter, chainDayKey, linkEvent, type ChainLink } from './audit-chain.ts';

/** Where an order's journey stands; the dashboard and reports read this. */
export type OrderStatus =
  | 'received'
  | 'awaiting_approval'
  | 'approved'
  | 'rejected'
  /** Approval was not decided in time (approval chasing). */
  | 'expired'
  | 'keying'
  | 'keyed'
  | 'needs_attention'
  | 'failed'
  | 'resolved';

export interface OrderSource {
  kind: 'mail' | 'drop-folder' | 'import';
  /** Message-ID of the submission mail, or the file's name for folder drops and imports. */
  reference: string;
  attachment?: string;
  row: number;
  submitter?: string;
}

export interface LedgerOrder<TOrder = Record<string, unknown>> {
  id: string;
  externalRef: string;
  order: TOrder;
  status: OrderStatus;
  source: OrderSource;
  createdAt: string;
  updatedAt: string;
  crmOrderNo?: string;
  statusNote?: string;
  keyedAt?: string;
  keyingMs?: number;
  /** What review decided on: the CRM's facts, when they were read, and where the sheet's claims differed. */
  reviewFacts?: Record<string, unknown>;
}

/** Fields a step may set on the order together with a status change. */
export interface OrderUpdate {
  crmOrderNo?: string;
  statusNote?: string;
  keyedAt?: string;
  keyingMs?: number;
  /** Review's facts record (stored as JSON). */
  reviewFacts?: Record<string, unknown>;
  /**
   * The order with the system of record's values where review resolved a claim (the branch as the CRM's
   * code); the sheet's own words stay in `reviewFacts`. Stored as JSON.
   */
  order?: Record<string, unknown>;
}

export interface AuditEvent {
  at: string;
  /** Who did it: a bot name (`intake-bot`), a person's address, or a dashboard user. */
  actor: string;
  action: string;
  orderId?: string;
  reason?: string;
  detail?: Record<string, unknown>;
  /** Security events (forged replies, bad tokens) are flagged for ops. */
  security?: boolean;
  /** The order's external reference, stamped by the ledger so the chain's hash covers it. */
  orderRef?: string;
  /** Its place in the hash chain (the order's, or the firm's), set by the ledger. */
  chain?: ChainLink;
}

export type ReceiveOutcome = 'created' | 'exists' | 'duplicate';

export interface ReceivedOrder<TOrder> {
  orderId: string;
  externalRef: string;
  order: TOrder;
  source: OrderSource;
}

/**
 * Creates the order only if its external reference is free (or already ours: a retried intake job
 * re-records the same order id), atomically with its first audit event, so a crash can never leave an
 * order without its trail or a reference claimed by nobody.
 */
const RECORD_RECEIVED_LUA = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 'duplicate' end
if redis.call('EXISTS', KEYS[2]) == 1 then return 'exists' end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'id', ARGV[1], 'externalRef', ARGV[2], 'order', ARGV[3], 'source', ARGV[4],
  'status', 'received', 'createdAt', ARGV[5], 'updatedAt', ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
redis.call('RPUSH', KEYS[5], ARGV[1])
redis.call('XADD', KEYS[3], '*', 'event', ARGV[7])
redis.call('SET', KEYS[6], ARGV[8])
redis.call('SADD', KEYS[7], ARGV[1])
return 'created'
`;

/** Rows of one sheet are recorded in pipelined batches of this size: one round trip each. */
const RECORD_BATCH_SIZE = 500;

type RecordReceivedCommand = (
  refKey: string,
  orderKey: string,
  auditKey: string,
  indexKey: string,
  submissionKey: string,
  chainHeadKey: string,
  chainDayKey: string,
  ...args: string[]
) => Promise<ReceiveOutcome>;

/**
 * The order record and its append-only audit trail, in Redis. Everything that reads or changes an
 * order's state goes through here; job payloads carry order ids, never copies.
 */
export class OrderLedger {
  private readonly chains: AuditChainWriter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    // Registered once: ioredis then sends EVALSHA, not the script text, for each of a sheet's rows.
    if (!('orderdeskRecordReceived' in redis)) {
      redis.defineCommand('orderdeskRecordReceived', { numberOfKeys: 7, lua: RECORD_RECEIVED_LUA });
    }
    this.chains = new AuditChainWriter(redis, prefix);
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  private refKey(externalRef: string): string {
    return this.key('order-ref', externalRef);
  }

  async recordReceived<TOrder>(entries: ReceivedOrder<TOrder>[], actor: string): Promise<ReceiveOutcome[]> {
    const outcomes: ReceiveOutcome[] = [];
    for (let start = 0; start < entries.length; start += RECORD_BATCH_SIZE) {
      const pipeline = this.redis.pipeline();
      const now = new Date();
      for (const entry of entries.slice(start, start + RECORD_BATCH_SIZE)) {
        // The first event of the order's hash chain: written only if the order is new, so linked to nothing.
        const event = linkEvent(
          { at: now.toISOString(), actor, action: 'received', orderId: entry.orderId, orderRef: entry.externalRef, detail: { externalRef: entry.externalRef, source: entry.source } } satisfies AuditEvent,
          entry.orderId,
          undefined,
        );
        // The per-order 'received' event goes to the order's own trail only; the submission's summary
        // event in the global trail says how many came in, so a 100k-row sheet does not flood it.
        (pipeline as unknown as { orderdeskRecordReceived: RecordReceivedCommand }).orderdeskRecordReceived(
          this.refKey(entry.externalRef),
          this.key('order', entry.orderId),
          this.key('audit', 'order', entry.orderId),
          this.key('orders'),
          this.key('submission-orders', entry.source.reference),
          this.chains.headKey(entry.orderId),
          chainDayKey(this.prefix, now),
          entry.orderId,
          entry.externalRef,
          JSON.stringify(entry.order),
          JSON.stringify(entry.source),
          now.toISOString(),
          String(now.getTime()),
          JSON.stringify(event),
          `${event.chain.seq} ${event.chain.hash}`,
        );
      }
      const replies = (await pipeline.exec()) ?? [];
      for (const [error, reply] of replies) {
        if (error) throw error;
        outcomes.push(reply as ReceiveOutcome);
      }
    }
    return outcomes;
  }

  /** For dry runs: which of these references are already taken by an order in the ledger. */
  async knownReferences(externalRefs: string[]): Promise<boolean[]> {
    if (externalRefs.length === 0) return [];
    const known: boolean[] = [];
    for (let start = 0; start < externalRefs.length; start += RECORD_BATCH_SIZE) {
      const slice = externalRefs.slice(start, start + RECORD_BATCH_SIZE);
      const values = await this.redis.mget(...slice.map((ref) => this.refKey(ref)));
      known.push(...values.map((v) => v !== null));
    }
    return known;
  }

  async get<TOrder = Record<string, unknown>>(orderId: string): Promise<LedgerOrder<TOrder> | undefined> {
    const hash = await this.redis.hgetall(this.key('order', orderId));
    if (!hash.id) return undefined;
    return {
      id: hash.id,
      externalRef: hash.externalRef ?? '',
      order: JSON.parse(hash.order ?? '{}') as TOrder,
      status: hash.status as OrderStatus,
      source: JSON.parse(hash.source ?? '{}') as OrderSource,
      createdAt: hash.createdAt ?? '',
      updatedAt: hash.updatedAt ?? '',
      ...(hash.crmOrderNo ? { crmOrderNo: hash.crmOrderNo } : {}),
      ...(hash.statusNote ? { statusNote: hash.statusNote } : {}),
      ...(hash.keyedAt ? { keyedAt: hash.keyedAt } : {}),
      ...(hash.keyingMs ? { keyingMs: Number(hash.keyingMs) } : {}),
      ...(hash.reviewFacts ? { reviewFacts: JSON.parse(hash.reviewFacts) as Record<string, unknown> } : {}),
    };
  }

  async findByReference(externalRef: string): Promise<string | undefined> {
    return (await this.redis.get(this.refKey(externalRef))) ?? undefined;
  }

  /** Moves an order to a new status and appends the audit event (linked into the order's hash chain) in one step. */
  async setStatus(
    orderId: string,
    status: OrderStatus,
    event: Omit<AuditEvent, 'at' | 'orderId' | 'action'> & { action?: string },
    update: OrderUpdate = {},
  ): Promise<void> {
    const fields = (now: Date): string[] => {
      const list: string[] = ['status', status, 'updatedAt', now.toISOString()];
      for (const [key, value] of Object.entries(update)) if (value !== undefined) list.push(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
      return list;
    };
    await this.chains.append((now): AuditEvent => ({ ...event, at: now.toISOString(), orderId, action: event.action ?? `status:${status}` }), fields);
  }

  /** An audit event that changes no order (a receipt sent, a refused file, a forged reply), linked into its order's hash chain or the firm's. */
  async audit(event: Omit<AuditEvent, 'at'>): Promise<void> {
    await this.chains.append((now): AuditEvent => ({ ...event, at: now.toISOString() }));
  }

  async auditTrail(orderId?: string): Promise<AuditEvent[]> {
    const entries = await this.redis.xrange(orderId ? this.key('audit', 'order', orderId) : this.key('audit'), '-', '+');
    return entries.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as AuditEvent);
  }

  /** The ids of the orders one submission (mail, file) produced, in sheet order. */
  async ordersOfSubmission(reference: string): Promise<string[]> {
    return this.redis.lrange(this.key('submission-orders', reference), 0, -1);
  }

  async countOrders(): Promise<number> {
    return this.redis.zcard(this.key('orders'));
  }

  /**
   * Orders received in [from, to), newest first, that pass the filter; for the dashboard's order search.
   * A back office searches a bounded history, so this walks the received-time index and filters in
   * Node rather than keeping an index per field; it stops after ORDER_SEARCH_SCAN_LIMIT orders and says
   * so (`truncated`), so a too-wide search costs a bounded amount. An exact external reference is found
   * through its own key without a scan.
   */
  async searchOrders(filter: OrderSearch): Promise<OrderSearchPage> {
    const offset = filter.offset ?? 0;
    const matches = (order: LedgerOrder): boolean => orderMatches(order, filter);
    if (filter.reference) {
      const exact = await this.findByReference(filter.reference.trim());
      if (exact) {
        const order = await this.get(exact);
        const found = order && matches(order) ? [order] : [];
        return { orders: found.slice(offset, offset + filter.limit), more: false, truncated: false };
      }
    }
    const max = filter.to ? `(${filter.to.getTime()}` : '+inf';
    const min = filter.from ? String(filter.from.getTime()) : '-inf';
    const found: LedgerOrder[] = [];
    let scanned = 0;
    for (;;) {
      const ids = await this.redis.zrevrangebyscore(this.key('orders'), max, min, 'LIMIT', scanned, ORDER_SEARCH_CHUNK);
      // ioredis writes every command before the first reply arrives: one round trip's worth per chunk.
      const orders = await Promise.all(ids.map((id) => this.get(id)));
      scanned += ids.length;
      for (const order of orders) {
        if (order && matches(order)) found.push(order);
        if (found.length > offset + filter.limit) return { orders: found.slice(offset, offset + filter.limit), more: true, truncated: false };
      }
      if (ids.length < ORDER_SEARCH_CHUNK) return { orders: found.slice(offset), more: false, truncated: false };
      if (scanned >= ORDER_SEARCH_SCAN_LIMIT) return { orders: found.slice(offset), more: false, truncated: true };
    }
  }

  /** How many orders stand in each status now (for metrics; costs one HGET per order, so callers cache it). */
  async countByStatus(): Promise<Partial<Record<OrderStatus, number>>> {
    const counts: Partial<Record<OrderStatus, number>> = {};
    const total = await this.countOrders();
    for (let start = 0; start < total; start += ORDER_SEARCH_CHUNK) {
      const ids = await this.redis.zrange(this.key('orders'), start, start + ORDER_SEARCH_CHUNK - 1);
      const statuses = await Promise.all(ids.map((id) => this.redis.hget(this.key('order', id), 'status')));
      for (const status of statuses) if (status) counts[status as OrderStatus] = (counts[status as OrderStatus] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * Every order's status and times, oldest first, without its data: for the daily ops report, which
   * must see the whole open backlog whatever its age and every order changed since yesterday, and
   * neither has an index. Reads three fields per order, a chunk per round trip, like countByStatus.
   */
  async *orderStates(): AsyncGenerator<OrderState> {
    for (let start = 0; ; start += ORDER_SEARCH_CHUNK) {
      const ids = await this.redis.zrange(this.key('orders'), start, start + ORDER_SEARCH_CHUNK - 1);
      const fields = await Promise.all(ids.map((id) => this.redis.hmget(this.key('order', id), 'status', 'createdAt', 'updatedAt')));
      for (const [index, [status, createdAt, updatedAt]] of fields.entries()) {
        if (status) yield { id: ids[index] as string, status: status as OrderStatus, createdAt: createdAt ?? '', updatedAt: updatedAt ?? '' };
      }
      if (ids.length < ORDER_SEARCH_CHUNK) return;
    }
  }
}

/** Where an order stands and since when, without the order itself (LedgerOrder has the rest). */
export interface OrderState {
  id: string;
  status: OrderStatus;
  createdAt: string;
  updatedAt: string;
}

/** Orders read per round trip when the dashboard searches or counts. */
const ORDER_SEARCH_CHUNK = 500;
/** A search looks at no more than this many orders of its date range before asking for a narrower one. */
export const ORDER_SEARCH_SCAN_LIMIT = 50_000;

/** The dashboard's order search: every given field must match; text fields match a part, in any case. */
export interface OrderSearch {
  status?: OrderStatus;
  /** Received at or after. */
  from?: Date;
  /** Received before. */
  to?: Date;
  submitter?: string;
  /** Part of the external reference, the order id or the CRM order number. */
  reference?: string;
  limit: number;
  offset?: number;
}

export interface OrderSearchPage {
  orders: LedgerOrder[];
  /** More matching orders follow this page. */
  more: boolean;
  /** The scan limit was reached before the date range was exhausted: older matches may exist. */
  truncated: boolean;
}

function orderMatches(order: LedgerOrder, filter: OrderSearch): boolean {
  if (filter.status && order.status !== filter.status) return false;
  const contains = (value: string | undefined, part: string | undefined): boolean => !part || (value ?? '').toLowerCase().includes(part.trim().toLowerCase());
  if (!contains(order.source.submitter, filter.submitter)) return false;
  if (filter.reference && ![order.externalRef, order.id, order.crmOrderNo].some((value) => contains(value, filter.reference))) return false;
  return true;
}
