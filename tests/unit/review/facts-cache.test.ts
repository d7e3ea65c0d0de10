import { describe, expect, it } from 'vitest';
import { FactsCache, type FactsRead } from '../../../bots/review/facts-cache.ts';

describe('facts cache', () => {
  it('reads a key once while fresh, and again once older than the bound', async () => {
    let now = 0;
    let reads = 0;
    const cache = new FactsCache<string>(15 * 60_000, () => now);
    const read = async (): Promise<FactsRead<string>> => ({ kind: 'found', value: `v${++reads}`, readAt: String(now) });
    expect((await cache.get('C1', read)).kind).toBe('found');
    now = 15 * 60_000;
    await cache.get('C1', read);
    expect(reads).toBe(1);
    now += 1;
    const again = await cache.get('C1', read);
    expect(reads).toBe(2);
    expect(again).toMatchObject({ value: 'v2' });
  });

  it('shares one read among reviews asking at the same moment', async () => {
    let reads = 0;
    const cache = new FactsCache<string>(60_000);
    const read = async (): Promise<FactsRead<string>> => {
      reads += 1;
      await new Promise((r) => setTimeout(r, 20));
      return { kind: 'not_found', readAt: 'now' };
    };
    await Promise.all(Array.from({ length: 10 }, () => cache.get('C1', read)));
    expect(reads).toBe(1);
  });

  it('never keeps trouble: a failed read is made again', async () => {
    let reads = 0;
    const cache = new FactsCache<string>(60_000);
    const failing = async (): Promise<FactsRead<string>> => {
      reads += 1;
      throw new Error('CRM down');
    };
    await expect(cache.get('C1', failing)).rejects.toThrow('CRM down');
    await expect(cache.get('C1', failing)).rejects.toThrow('CRM down');
    expect(reads).toBe(2);
  });
});
