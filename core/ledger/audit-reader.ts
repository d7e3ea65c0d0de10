import type { Redis } from 'ioredis';
import { AuditChainWriter, chainDayKey, type ChainLink } from './audit-chain.ts';
import type { AuditEvent } from './order-ledger.ts';

/** Stream ids are Redis' clock, `at` the writer's: read this much either side, then filter by `at`. */
const CLOCK_MARGIN_MS = 60_000;
/** Chains read per round trip. */
const CHAIN_BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/** One chain's head as of some instant: what the daily anchor mails. */
export interface ChainHead {
  chain: string;
  seq: number;
  hash: string;
  orderRef?: string;
}

function parsed(entries: [string, string[]][]): AuditEvent[] {
  return entries.map(([, fields]) => JSON.parse(fields[1] ?? '{}') as AuditEvent);
}

/**
 * Chronological, yet each chain's events in chain order: events sort by time, and where one chain's
 * clock ran backwards between writers its events keep their sequence in the places its events take.
 */
export function exportOrder(events: readonly AuditEvent[]): AuditEvent[] {
  const byTime = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : (a.chain?.id ?? '') < (b.chain?.id ?? '') ? -1 : (a.chain?.id ?? '') > (b.chain?.id ?? '') ? 1 : (a.chain?.seq ?? 0) - (b.chain?.seq ?? 0)));
  const queues = new Map<string, AuditEvent[]>();
  for (const event of byTime) {
    const id = event.chain?.id ?? '';
    const queue = queues.get(id) ?? [];
    queue.push(event);
    queues.set(id, queue);
  }
  for (const queue of queues.values()) queue.sort((a, b) => (a.chain?.seq ?? 0) - (b.chain?.seq ?? 0));
  return byTime.map((event) => queues.get(event.chain?.id ?? '')?.shift() as AuditEvent);
}

/** Reads hash-chained audit events back by time window or by order, for exports and anchors. */
export class AuditReader {
  private readonly chains: AuditChainWriter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.chains = new AuditChainWriter(redis, prefix);
  }

  /** Every chain with an event in [from, to): the UTC days' indexes, read together. */
  private async chainsTouched(from: Date, to: Date): Promise<string[]> {
    const keys: string[] = [];
    for (let day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); day < to.getTime(); day += DAY_MS) keys.push(chainDayKey(this.prefix, new Date(day)));
    return keys.length > 0 ? (await this.redis.sunion(...keys)).sort() : [];
  }

  /** Every chained event with `at` in [from, to), in export order. */
  async eventsBetween(from: Date, to: Date): Promise<AuditEvent[]> {
    const chains = await this.chainsTouched(from, to);
    const found: AuditEvent[] = [];
    for (let start = 0; start < chains.length; start += CHAIN_BATCH) {
      const pipeline = this.redis.pipeline();
      for (const chain of chains.slice(start, start + CHAIN_BATCH)) pipeline.xrange(this.chains.streamKey(chain), from.getTime() - CLOCK_MARGIN_MS, to.getTime() + CLOCK_MARGIN_MS);
      for (const [error, entries] of (await pipeline.exec()) ?? []) {
        if (error) throw error;
        found.push(...parsed(entries as [string, string[]][]).filter((e) => e.chain && e.at >= from.toISOString() && e.at < to.toISOString()));
      }
    }
    return exportOrder(found);
  }

  /** One order's whole chain, in chain order (the dashboard's export for one order). */
  async orderChain(orderId: string): Promise<AuditEvent[]> {
    const events = parsed(await this.redis.xrange(this.chains.streamKey(orderId), '-', '+'));
    return events.filter((e) => e.chain).sort((a, b) => (a.chain as ChainLink).seq - (b.chain as ChainLink).seq);
  }

  /** The head, as of `to`, of every chain with an event in [from, to). */
  async headsBetween(from: Date, to: Date): Promise<ChainHead[]> {
    const heads = new Map<string, ChainHead>();
    for (const event of await this.eventsBetween(from, to)) {
      const link = event.chain as ChainLink;
      if ((heads.get(link.id)?.seq ?? 0) < link.seq) heads.set(link.id, { chain: link.id, seq: link.seq, hash: link.hash, ...(event.orderRef ? { orderRef: event.orderRef } : {}) });
    }
    return [...heads.values()].sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  }
}
