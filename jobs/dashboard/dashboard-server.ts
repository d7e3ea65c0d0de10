import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Settings } from '../../config/settings-schema.ts';
import type { OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import type { OrderDeskQueues } from '../queues.ts';
import { authRoutes } from './dashboard-auth.ts';
import { DashboardSessions } from './dashboard-sessions.ts';
import { DashboardUsers } from './dashboard-users.ts';
import { OpsMetrics } from './ops-metrics.ts';
import { OrderArtifacts } from './order-artifacts.ts';
import { orderAuditExportRoutes } from './order-audit-export.ts';
import { orderRoutes } from './order-routes.ts';
import { probeRoutes } from './probe-routes.ts';
import { QUEUE_BOARD_PATH, queueBoard } from './queue-board.ts';
import { problemPage } from './views/page-layout.ts';

/** What the dashboard needs of a Runtime; tests give a Redis that is down to see /readyz fail. */
export interface DashboardDeps {
  settings: Settings;
  log: Logger;
  redis: Redis;
  queues: OrderDeskQueues;
  ledger: OrderLedger;
}

export interface RunningDashboard {
  url: string;
  close(): Promise<void>;
}

/**
 * Pages are ours or bull-board's: scripts and styles from this origin only (inline styles for both),
 * nothing framed, forms posted only here. It also keeps bull-board's web-font link from reaching out.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
  "base-uri 'self'",
].join('; ');

function sessionSecret(deps: DashboardDeps): Buffer {
  const configured = deps.settings.dashboard.sessionSecret;
  if (configured) return Buffer.from(configured);
  deps.log.warn('DASHBOARD_SESSION_SECRET is not set: using a random one, so log-ins end when this process restarts and other dashboard instances cannot share them');
  return randomBytes(32);
}

export function createDashboardApp(deps: DashboardDeps): express.Express {
  const { settings, log, redis, ledger, queues } = deps;
  const prefix = settings.redis.prefix;
  const users = DashboardUsers.fromFile(settings.dashboard.usersFile);
  const sessions = new DashboardSessions(redis, prefix, sessionSecret(deps), settings.dashboard.sessionIdleMinutes * 60_000);
  const metrics = new OpsMetrics({ redis, prefix, queues, ledger });
  const auth = authRoutes({ redis, prefix, ledger, log, users, sessions });

  const app = express();
  app.disable('x-powered-by');
  // One hop: the firm's https reverse proxy, whose X-Forwarded-Proto makes req.secure (and Secure cookies).
  if (settings.dashboard.trustProxy) app.set('trust proxy', 1);
  app.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
    next();
  });
  app.use(probeRoutes({ redis, metrics, log, metricsToken: settings.dashboard.metricsToken }));
  app.use(auth.login);
  app.use(auth.requireSession);
  // Forms are parsed before the CSRF check reads their token; bull-board parses its own JSON bodies.
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(auth.requireCsrf);
  app.get('/', (_req, res) => res.redirect(303, '/orders'));
  app.use(QUEUE_BOARD_PATH, queueBoard({ queues, ledger, log }));
  app.use(orderRoutes({ ledger, queues, log, artifacts: new OrderArtifacts(settings.dataDir), timezone: settings.timezone }));
  app.use(orderAuditExportRoutes({ redis, prefix, ledger, log, timezone: settings.timezone }));
  app.use((_req, res) => {
    res.status(404).type('html').send(problemPage('Not found', 'There is nothing at this address.'));
  });
  const onError: ErrorRequestHandler = (error: Error, req, res, _next) => {
    log.error({ err: error.message, path: req.path }, 'dashboard request failed');
    if (res.headersSent) return;
    res.status(500).type('html').send(problemPage('Something went wrong', 'The error was logged; try again, or ask ops.'));
  };
  app.use(onError);
  return app;
}

/** Starts the dashboard's HTTP server on dashboard.host:port (port 0: a free one). */
export async function startDashboard(deps: DashboardDeps): Promise<RunningDashboard> {
  const app = createDashboardApp(deps);
  const server: Server = createServer(app);
  const { host, port } = deps.settings.dashboard;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  deps.log.info({ url }, 'dashboard listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Browsers keep connections open; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
