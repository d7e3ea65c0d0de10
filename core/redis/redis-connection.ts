import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.ts';

/**
 * BullMQ's workers block on Redis and must never give up on a command, hence
 * `maxRetriesPerRequest: null`. Every long-lived Redis client is made here.
 */
export function createRedisConnection(url: string, options: { name?: string; log?: Logger } = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: options.name,
    // Keep retrying while Redis restarts (the soak kills it on purpose); cap the wait between tries.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  // Without a listener ioredis prints every failed reconnect as an "unhandled error"; one line per outage is news enough.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    options.log?.warn({ redis: options.name, err: error.message }, 'Redis connection lost; reconnecting');
  });
  redis.on('ready', () => {
    if (down) options.log?.info({ redis: options.name }, 'Redis connection back');
    down = false;
  });
  return redis;
}

export interface RedisDurability {
  appendonly: string | null;
  maxmemoryPolicy: string | null;
  warnings: string[];
}

/**
 * BullMQ loses jobs when Redis evicts keys or forgets writes on restart. We cannot fix a shared server's
 * settings from here, so we say so loudly at start-up.
 */
export async function checkRedisDurability(redis: Redis): Promise<RedisDurability> {
  const read = async (key: string): Promise<string | null> => {
    try {
      const reply = (await redis.config('GET', key)) as string[];
      return reply[1] ?? null;
    } catch {
      return null; // managed Redis services often disable CONFIG
    }
  };
  const appendonly = await read('appendonly');
  const maxmemoryPolicy = await read('maxmemory-policy');
  const warnings: string[] = [];
  if (appendonly === null || maxmemoryPolicy === null) {
    warnings.push('could not read Redis settings (CONFIG disabled?); make sure it runs with appendonly yes and maxmemory-policy noeviction');
  } else {
    if (appendonly !== 'yes') warnings.push(`Redis has appendonly=${appendonly}: queued orders are lost if it restarts; set appendonly yes`);
    if (maxmemoryPolicy !== 'noeviction') {
      warnings.push(`Redis has maxmemory-policy=${maxmemoryPolicy}: it may evict queued jobs; set maxmemory-policy noeviction`);
    }
  }
  return { appendonly, maxmemoryPolicy, warnings };
}
