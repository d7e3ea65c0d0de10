import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** The `prev` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);
/** The chain of events that concern no order (refused replies for unknown orders, exports, anchors). */
export const FIRM_CHAIN = 'firm';

/** Where an event sits in its chain: each event carries the hash of the one before it. */
export interface ChainLink {
  /** The order id, or `firm`. */
  id: string;
  /** 1-based position in the chain. */
  seq: number;
  prev: string;
  /** sha256 of the event's canonical JSON with `chain` holding id, seq and prev (not this hash). */
  hash: string;
}

/** JSON with object keys sorted at every depth and undefined values left out: the same bytes for the same event, wherever it was read. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What is hashed: the event with its link but without the link's own hash. */
export function unhashedEvent<E extends { chain?: ChainLink }>(event: E): Omit<E, 'chain'> & { chain?: Omit<ChainLink, 'hash'> } {
  if (!event.chain) return event;
  const { hash: _hash, ...link } = event.chain;
  return { ...event, chain: link };
}

export function chainHash<E extends { chain?: ChainLink }>(event: E): string {
  return createHash('sha256').update(canonicalJson(unhashedEvent(event))).digest('hex');
}

/** Links `event` after `head` (undefined: the chain is empty) in chain `id`. */
export function linkEvent<E extends object>(event: E, id: string, head: { seq: number; hash: string } | undefined): E & { chain: ChainLink } {
  const link = { id, seq: (head?.seq ?? 0) + 1, prev: head?.hash ?? GENESIS_HASH };
  const hash = createHash('sha256').update(canonicalJson({ ...event, chain: link })).digest('hex');
  return { ...event, chain: { ...link, hash } };
}

/** Stored as "seq hash". */
export function parseHead(value: string | null | undefined): { seq: number; hash: string } | undefined {
  if (!value) return undefined;
  const [seq, hash] = value.split(' ');
  return seq && hash ? { seq: Number(seq), hash } : undefined;
}

/** The UTC day an event is indexed under, so an export or anchor finds the chains a window touched. */
export function chainDayKey(prefix: string, at: Date): string {
  return `${prefix}:audit-chains:${at.toISOString().slice(0, 10)}`;
}

/**
 * Appends one event to its chain if the chain's head is still what the event was linked to, and in
 * the same step writes it to the global trail, indexes the chain under the day, and (for a status
 * change) updates the order. KEYS: head, chain stream, global stream, order hash, day set.
 * ARGV: expected head ('' for empty), new head, event JSON, chain id, order fields JSON ('' for none).
 */
const APPEND_LUA = `
local head = redis.call('GET', KEYS[1]) or ''
if head ~= ARGV[1] then return 'conflict' end
if ARGV[5] ~= '' then
  local fields = cjson.decode(ARGV[5])
  if #fields > 0 then redis.call('HSET', KEYS[4], unpack(fields)) end
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('XADD', KEYS[2], '*', 'event', ARGV[3])
if KEYS[3] ~= KEYS[2] then redis.call('XADD', KEYS[3], '*', 'event', ARGV[3]) end
redis.call('SADD', KEYS[5], ARGV[4])
return 'appended'
`;

/** Compare-and-set retries before giving up (as a system fault: the job retries later). */
const MAX_APPEND_ATTEMPTS = 50;
/** After a lost compare-and-set, a random wait up to this, growing with the attempts: writers in other processes spread out. */
const CONFLICT_BACKOFF_STEP_MS = 5;
const CONFLICT_BACKOFF_MAX_MS = 200;

/**
 * The last append queued on each chain in this process. Appends to one chain from one process go one
 * after another: a dunning run's lanes all write to the firm chain at once, and racing each other on
 * the compare-and-set they starved (a loaded run gave up after 50 conflicts). Only writers in other
 * processes still meet on the compare-and-set.
 */
const chainTails = new Map<string, Promise<unknown>>();

type AppendCommand = (head: string, stream: string, global: string, order: string, day: string, ...args: string[]) => Promise<'appended' | 'conflict'>;

/**
 * Writes audit events into their hash chains: each order's events form one chain, events about no
 * order the `firm` chain. An append is a compare-and-set on the chain's head, so two writers never
 * fork a chain; the loser relinks its event to the new head and tries again.
 */
export class AuditChainWriter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('orderdeskAppendAudit' in redis)) redis.defineCommand('orderdeskAppendAudit', { numberOfKeys: 5, lua: APPEND_LUA });
  }

  headKey(chainId: string): string {
    return `${this.prefix}:audit-head:${chainId}`;
  }

  /** The stream holding one chain: an order's own trail, or the firm's. */
  streamKey(chainId: string): string {
    return chainId === FIRM_CHAIN ? `${this.prefix}:audit:firm` : `${this.prefix}:audit:order:${chainId}`;
  }

  /**
   * Links `build(now)` to its chain's head and appends it; `build` is called again on a retry so the
   * event's time follows its place in the chain. An order's event carries the order's reference (so
   * an export row's reference is covered by the hash). `orderFields(now)` are set on the order in the
   * same step.
   */
  append<E extends { at: string; orderId?: string; orderRef?: string }>(build: (now: Date) => E, orderFields?: (now: Date) => string[]): Promise<E & { chain: ChainLink }> {
    const key = this.headKey(build(new Date()).orderId ?? FIRM_CHAIN);
    const mine = (chainTails.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.appendNow(build, orderFields));
    chainTails.set(key, mine);
    mine.then(
      () => chainTails.get(key) === mine && chainTails.delete(key),
      () => chainTails.get(key) === mine && chainTails.delete(key),
    );
    return mine;
  }

  private async appendNow<E extends { at: string; orderId?: string; orderRef?: string }>(build: (now: Date) => E, orderFields?: (now: Date) => string[]): Promise<E & { chain: ChainLink }> {
    const command = (this.redis as unknown as { orderdeskAppendAudit: AppendCommand }).orderdeskAppendAudit;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const now = new Date();
      const built = build(now);
      const chainId = built.orderId ?? FIRM_CHAIN;
      const replies = (await this.redis.pipeline().get(this.headKey(chainId)).hget(`${this.prefix}:order:${built.orderId ?? ''}`, 'externalRef').exec()) ?? [];
      for (const [error] of replies) if (error) throw error;
      const current = (replies[0]?.[1] as string | null) ?? '';
      const ref = replies[1]?.[1] as string | null | undefined;
      const event = built.orderId && !built.orderRef && ref ? { ...built, orderRef: ref } : built;
      const linked = linkEvent(event, chainId, parseHead(current));
      const fields = orderFields?.(now) ?? [];
      const reply = await command.call(
        this.redis,
        this.headKey(chainId),
        this.streamKey(chainId),
        `${this.prefix}:audit`,
        `${this.prefix}:order:${event.orderId ?? ''}`,
        chainDayKey(this.prefix, now),
        current,
        `${linked.chain.seq} ${linked.chain.hash}`,
        JSON.stringify(linked),
        chainId,
        fields.length > 0 ? JSON.stringify(fields) : '',
      );
      if (reply === 'appended') return linked;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(CONFLICT_BACKOFF_MAX_MS, CONFLICT_BACKOFF_STEP_MS * (attempt + 1))));
    }
    throw new Error('audit: too many concurrent writers on one chain; will retry');
  }
}
