import { describe, expect, it } from 'vitest';
import { inLanes, type Lane } from '../../../bots/dunning/in-lanes.ts';

const tick = (ms = 1): Promise<void> => new Promise((r) => setTimeout(r, ms));

function lanes(n: number, log: string[] = []): Lane<string>[] {
  return Array.from({ length: n }, (_, i) => async (worker) => {
    log.push(`lend ${i}`);
    try {
      await worker(`lane-${i}`);
    } finally {
      log.push(`return ${i}`);
    }
  });
}

describe('inLanes', () => {
  it('does every item once, never more at once than there are lanes', async () => {
    let inHand = 0;
    let most = 0;
    const done: number[] = [];
    await inLanes([1, 2, 3, 4, 5, 6, 7], lanes(3), async (item) => {
      inHand++;
      most = Math.max(most, inHand);
      await tick(item % 3);
      done.push(item);
      inHand--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('borrows no more lanes than there are items, and none for no items', async () => {
    const log: string[] = [];
    await inLanes(['a'], lanes(3, log), async () => undefined);
    expect(log).toEqual(['lend 0', 'return 0']);
    const none: string[] = [];
    await inLanes([], lanes(3, none), async () => undefined);
    expect(none).toEqual([]);
  });

  it('after a failure starts nothing new, finishes what is in hand, then throws the first failure', async () => {
    const finished: number[] = [];
    const started: number[] = [];
    const run = inLanes([1, 2, 3, 4, 5, 6], lanes(2), async (item) => {
      started.push(item);
      if (item === 1) {
        await tick(1);
        throw new Error('lost the SMTP connection');
      }
      await tick(20);
      finished.push(item);
    });
    await expect(run).rejects.toThrow('lost the SMTP connection');
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });

  it('a lane that cannot start leaves its share to the others', async () => {
    const broken: Lane<string> = async () => {
      throw new Error('no browser context');
    };
    const done: number[] = [];
    await inLanes([1, 2, 3], [...lanes(1), broken], async (item) => {
      await tick();
      done.push(item);
    });
    expect(done).toEqual([1, 2, 3]);
    await expect(inLanes([1], [broken], async () => undefined)).rejects.toThrow('no browser context');
  });

  it('knows each item by its place, whatever finishes first', async () => {
    const byIndex: string[] = [];
    await inLanes(['c', 'b', 'a'], lanes(3), async (item, index, lane) => {
      await tick(index === 0 ? 15 : 1);
      byIndex[index] = `${item}@${lane}`;
    });
    expect(byIndex).toEqual(['c@lane-0', 'b@lane-1', 'a@lane-2']);
  });
});
