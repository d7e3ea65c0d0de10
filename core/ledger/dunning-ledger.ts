import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { OrderDeskError } from '../errors/orderdesk-error.ts';

const RELEASE_IF_OURS_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface SentLetterRecord {
  letterId: string;
  sentAt: string;
  runDate: string;
}

/**
 * The dunning bot's memory in Redis: which (invoice, stage) letters went out (recorded only after the
 * SMTP server accepted them), when each customer last got a letter, the date of the last run, and the
 * run lock that keeps two runs from overlapping.
 */
export class DunningLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** A run that dies keeps the lock this long at most; a run of 10,000 invoices takes well under it. */
    private readonly runLockMs = 30 * 60_000,
  ) {}

  private key(...parts: string[]): string {
    return [this.prefix, 'dunning', ...parts].join(':');
  }

  /** Takes the run lock or refuses; returns the release function. */
  async acquireRunLock(): Promise<() => Promise<void>> {
    const token = randomUUID();
    const taken = await this.redis.set(this.key('run-lock'), token, 'PX', this.runLockMs, 'NX');
    if (taken !== 'OK') throw new OrderDeskError('dunning_run_in_progress', 'another dunning run is in progress', { business: true });
    return async () => {
      await this.redis.eval(RELEASE_IF_OURS_LUA, 1, this.key('run-lock'), token);
    };
  }

  async lastRunDate(): Promise<string | undefined> {
    return (await this.redis.get(this.key('last-run-date'))) ?? undefined;
  }

  async recordRun(runDate: string, summary: Record<string, unknown>): Promise<void> {
    await this.redis
      .multi()
      .set(this.key('last-run-date'), runDate)
      .set(this.key('run', runDate), JSON.stringify(summary))
      .exec();
  }

  async runSummary<T>(runDate: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.key('run', runDate));
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  async sentPairs(): Promise<Map<string, SentLetterRecord>> {
    const all = await this.redis.hgetall(this.key('sent'));
    return new Map(Object.entries(all).map(([pair, raw]) => [pair, JSON.parse(raw) as SentLetterRecord]));
  }

  async lastLetterDates(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.key('last-letter'))));
  }

  /** After the SMTP server accepted a letter: its (invoice, stage) pairs and the customer's last-letter date. */
  async recordLetterSent(customerId: string, pairs: string[], record: SentLetterRecord): Promise<void> {
    const multi = this.redis.multi();
    for (const pair of pairs) multi.hset(this.key('sent'), pair, JSON.stringify(record));
    multi.hset(this.key('last-letter'), customerId, record.runDate);
    await multi.exec();
  }

  /** Invoices handed to collections are recorded like letters, so they are handed over once: a run's in one write. */
  async recordHandovers(pairs: string[], record: SentLetterRecord): Promise<void> {
    if (pairs.length === 0) return;
    const value = JSON.stringify(record);
    await this.redis.hset(this.key('sent'), Object.fromEntries(pairs.map((pair) => [pair, value])));
  }
}
