import type { FactsAnswer } from '../../selectors/contract/crm-facts.ts';

/** A record as read from the CRM, or the CRM saying it has none, with when it was read. */
export type FactsRead<T> = (Extract<FactsAnswer<T>, { kind: 'found' }> | { kind: 'not_found' }) & { readAt: string };

/**
 * Facts per key (a customer id, a product code) for at most `maxAgeMs`: a sheet of 200 orders for 30
 * customers reads 30 customers. Reviews of the same key at the same moment share one read. Trouble is
 * never cached: the next review reads again.
 */
export class FactsCache<T> {
  private readonly entries = new Map<string, { read: FactsRead<T>; at: number }>();
  private readonly inFlight = new Map<string, Promise<FactsRead<T>>>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached read when fresh enough, else `read()` once for everyone asking now. */
  async get(key: string, read: () => Promise<FactsRead<T>>): Promise<FactsRead<T>> {
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.at <= this.maxAgeMs) return cached.read;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const reading = read().then(
      (result) => {
        this.entries.set(key, { read: result, at: this.now() });
        return result;
      },
    ).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, reading);
    return reading;
  }

  clear(): void {
    this.entries.clear();
  }
}
