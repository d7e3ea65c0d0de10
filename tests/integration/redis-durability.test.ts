import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkRedisDurability, createRedisConnection } from '../../core/redis/redis-connection.ts';
import { LocalRedisServer } from '../../fixtures/local-stack/redis-server.ts';
import { eventually } from './helpers/test-environment.ts';

/** Everything in a Redis 7 append-only dir (base and incremental files), as text. */
function appendOnlyText(dir: string): string {
  const aofDir = join(dir, 'appendonlydir');
  if (!existsSync(aofDir)) return '';
  return readdirSync(aofDir)
    .filter((f) => f.endsWith('.aof'))
    .map((f) => readFileSync(join(aofDir, f), 'latin1'))
    .join('\n');
}

describe('Redis of the local stack', () => {
  const redis = createRedisConnection(inject('stack').redis.url);
  afterAll(() => redis.quit());

  it('runs with an append-only file and no eviction, so BullMQ loses nothing', async () => {
    const durability = await checkRedisDurability(redis);
    expect(durability.appendonly).toBe('yes');
    expect(durability.maxmemoryPolicy).toBe('noeviction');
    expect(durability.warnings).toEqual([]);
  });
});

describe('checkRedisDurability on a badly configured Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderdesk-redis-test-'));
  let server: LocalRedisServer | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns about missing AOF and an evicting policy', async () => {
    server = await LocalRedisServer.start(dir);
    const redis = createRedisConnection(server.url);
    await redis.config('SET', 'appendonly', 'no');
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const durability = await checkRedisDurability(redis);
    await redis.quit();
    expect(durability.warnings).toHaveLength(2);
    expect(durability.warnings[0]).toMatch(/appendonly=no/);
    expect(durability.warnings[1]).toMatch(/maxmemory-policy=allkeys-lru/);
  });

  it('replays its AOF after SIGKILL, keeping what was written', async () => {
    const crashDir = join(dir, 'crash');
    const crashing = await LocalRedisServer.start(crashDir);
    try {
      const before = createRedisConnection(crashing.url);
      await before.set('orderdesk-test:survives', 'yes');
      // SIGKILL keeps what Redis has written to the AOF (the kernel holds it, fsynced or not); with
      // appendfsync everysec the write may wait for a running fsync, so wait until the file holds the key.
      await eventually('the write in the append-only file', async () => (appendOnlyText(crashing.dir).includes('orderdesk-test:survives') ? true : undefined), 10_000);
      before.disconnect();
      await crashing.kill();
      await crashing.restart();
      const after = createRedisConnection(crashing.url);
      expect(await after.get('orderdesk-test:survives')).toBe('yes');
      await after.quit();
    } finally {
      await crashing.stop();
    }
  });
});
