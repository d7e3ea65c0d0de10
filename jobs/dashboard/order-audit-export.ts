import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Router } from 'express';
import type { Redis } from 'ioredis';
import { writeAuditExport } from '../../bots/audit/index.ts';
import { AuditReader } from '../../core/ledger/audit-reader.ts';
import type { OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { dashboardActor } from './order-actions.ts';
import { currentUser } from './request-context.ts';
import { problemPage } from './views/page-layout.ts';

export interface OrderAuditExportDeps {
  redis: Redis;
  prefix: string;
  ledger: OrderLedger;
  log: Logger;
  timezone: string;
}

/**
 * The order page's "export the audit trail": the order's whole hash chain as xlsx, the same file
 * `bin/orderdesk audit export` writes and `audit verify` checks. The export is itself audited.
 */
export function orderAuditExportRoutes(deps: OrderAuditExportDeps): Router {
  const router = express.Router();
  const reader = new AuditReader(deps.redis, deps.prefix);
  router.get('/orders/:id/audit.xlsx', async (req, res) => {
    const orderId = String(req.params.id);
    const order = await deps.ledger.get(orderId);
    if (!order) {
      res.status(404).type('html').send(problemPage('No such order', `There is no order ${orderId}.`));
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'orderdesk-audit-'));
    const name = `audit-${(order.externalRef || order.id).replace(/[^A-Za-z0-9._-]/g, '_')}.xlsx`;
    try {
      const path = join(dir, name);
      const events = await reader.orderChain(orderId);
      await writeAuditExport(deps.ledger, { events, timeZone: deps.timezone, window: `order ${order.externalRef || order.id}`, path, format: 'xlsx', actor: dashboardActor(currentUser(res).name), orderId });
      await new Promise<void>((resolve, reject) => res.download(path, name, (error) => (error ? reject(error) : resolve())));
    } finally {
      await rm(dir, { recursive: true, force: true }).catch((error: unknown) => deps.log.warn({ err: (error as Error).message }, 'could not remove an audit export temp dir'));
    }
  });
  return router;
}
