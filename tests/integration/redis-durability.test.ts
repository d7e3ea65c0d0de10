import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { checkRedisDurability, createRedisConnection } from '../../core/redis/redis-connection.ts';
import { LocalRedisServer } from '../../fixtures/local-stack/redis-server.ts';

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
      // appendfsync everysec: give the fsync its second before pulling the plug.
      await new Promise((r) => setTimeout(r, 1_200));
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
