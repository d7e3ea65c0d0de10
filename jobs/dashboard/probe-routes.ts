import { timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from '../../core/logging/logger.ts';
import type { OpsMetrics } from './ops-metrics.ts';

/** How long /readyz waits for Redis to answer PING before saying "not ready". */
const READY_PING_TIMEOUT_MS = 1_000;

async function redisAnswers(redis: Redis): Promise<boolean> {
  // A client that is not connected would queue the PING until Redis comes back: answer at once instead.
  if (redis.status !== 'ready') return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      redis.ping().then((reply) => reply === 'PONG'),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), READY_PING_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * For the load balancer and Prometheus, outside the log-in: /healthz (the process answers), /readyz
 * (and Redis answers), /metrics (Prometheus text; behind a bearer token when dashboard.metricsToken is set).
 */
export function probeRoutes(deps: { redis: Redis; metrics: OpsMetrics; log: Logger; metricsToken?: string | undefined }): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.type('text').send('ok\n');
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await redisAnswers(deps.redis);
    res.status(ready ? 200 : 503).type('text').send(ready ? 'ready\n' : 'not ready: Redis does not answer\n');
  });
  router.get('/metrics', async (req, res) => {
    if (deps.metricsToken && !bearerMatches(req.get('authorization'), deps.metricsToken)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').type('text').send('metrics need the bearer token\n');
      return;
    }
    try {
      const body = await deps.metrics.render();
      res.type(deps.metrics.contentType).send(body);
    } catch (error) {
      deps.log.warn({ err: (error as Error).message }, 'metrics could not be read');
      res.status(503).type('text').send('metrics unavailable: Redis does not answer\n');
    }
  });
  return router;
}
