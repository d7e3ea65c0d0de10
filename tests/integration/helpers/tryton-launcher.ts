import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TrytonServer, type TrytonInfo, type TrytonStartReport } from '../../../fixtures/tryton/index.ts';

/**
 * The day the tests' Tryton is seeded around (see TrytonServerOptions.businessDate). Fixed, so the seeded
 * database is cached for good and every figure a test computes from it is the same on any day, at any hour.
 */
export const TRYTON_TEST_BUSINESS_DATE = '2026-06-30';

/** The integration tests: the server is made with a database for each file that uses the Tryton harness, and a few more. */
const INTEGRATION_DIR = new URL('../', import.meta.url);
/** Databases beyond one per Tryton test file, for a file that asks twice under two labels (each costs about a second at start). */
const SPARE_DATABASES = 1;

/** The launcher's answer: the file's own database, and how the shared server came up (cache hit or seeded). */
export interface LaunchedDatabase {
  info: TrytonInfo;
  report: TrytonStartReport;
}

/**
 * The integration run's one Tryton, started by the global setup's process on the first file that asks
 * for it, so a run without Tryton files never pays for it. Test files run in worker processes and cannot
 * call into the global setup, so they ask over loopback HTTP: `POST /databases?label=<file>` answers
 * with a database of the file's own (a fresh copy of the seed on the shared trytond). One process holds
 * the start, so concurrent first asks share it without a lock. trytond cannot load a database's modules
 * while it serves others (see TrytonServerOptions.databases), so the server is started with every
 * database the run may want, one per test file that imports the Tryton harness and a few spare, and
 * asks are given them in turn.
 * A label asking again (a rerun in watch mode, after its earlier run ended) gets its database back, reset.
 */
export class TrytonLauncher {
  private server: Promise<TrytonServer> | undefined;
  /** Label → database handed out; the databases not handed out yet. */
  private readonly given = new Map<string, string>();
  private readonly free: string[] = [];

  private constructor(private readonly http: Server) {}

  static async start(): Promise<TrytonLauncher> {
    const http = createServer();
    const launcher = new TrytonLauncher(http);
    http.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void launcher.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    return launcher;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Stops the HTTP face and Tryton (if it was started); runs both steps even if one fails. */
  async close(): Promise<void> {
    const stopped = await Promise.allSettled([
      new Promise<void>((resolve) => {
        this.http.closeAllConnections();
        this.http.close(() => resolve());
      }),
      // A start that failed has nothing to close.
      this.server?.then((s) => s.close(), () => undefined),
    ]);
    const failed = stopped.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new AggregateError(failed.map((f) => f.reason as unknown), 'TrytonLauncher.close: some steps failed');
  }

  private startServer(): Promise<TrytonServer> {
    const files = readdirSync(INTEGRATION_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .filter((f) => readFileSync(new URL(f, INTEGRATION_DIR), 'utf8').includes('/tryton-harness.ts')).length;
    const names = Array.from({ length: files + SPARE_DATABASES }, (_, i) => `orderdesk_test_${i + 1}`);
    this.free.push(...names);
    // ORDERDESK_TRYTON_CACHE_DIR points the seed cache elsewhere, e.g. at an empty folder to time a cold start.
    const cacheDir = process.env['ORDERDESK_TRYTON_CACHE_DIR'];
    return TrytonServer.start({ businessDate: TRYTON_TEST_BUSINESS_DATE, databases: names, ...(cacheDir ? { cacheDir } : {}) });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://launcher');
    if (req.method !== 'POST' || url.pathname !== '/databases') return send(404, { error: `no such endpoint: ${req.method} ${url.pathname}` });
    try {
      // A failed start stays failed: every file then reports the same cause instead of seeding again.
      this.server ??= this.startServer();
      const server = await this.server;
      const label = url.searchParams.get('label') ?? 'test';
      let database = this.given.get(label);
      if (database) await server.reset(database);
      else {
        database = this.free.shift();
        if (!database) throw new Error(`every Tryton test database is taken (${[...this.given.keys()].join(', ')}); raise SPARE_DATABASES`);
        this.given.set(label, database);
      }
      const answer: LaunchedDatabase = { info: server.info(database), report: server.report };
      send(200, answer);
    } catch (error) {
      send(500, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
