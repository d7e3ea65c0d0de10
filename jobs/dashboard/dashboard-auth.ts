import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Logger } from '../../core/logging/logger.ts';
import { sameToken, type DashboardSession, type DashboardSessions } from './dashboard-sessions.ts';
import type { DashboardUsers } from './dashboard-users.ts';
import { dashboardActor } from './order-actions.ts';
import { currentSession, currentUser, signIn } from './request-context.ts';
import { loginPage } from './views/page-layout.ts';

export const SESSION_COOKIE = 'orderdesk_session';
/** Read by bull-board's axios (its default cookie name), which sends it back as X-XSRF-TOKEN. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
/** Double-submit token of the log-in form, before there is a session to hold one. */
const LOGIN_CSRF_COOKIE = 'orderdesk_login';
const CSRF_HEADERS = ['x-xsrf-token', 'x-csrf-token'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Failed log-ins per user name and address before that pair must wait LOGIN_LOCKOUT_SECONDS. */
const LOGIN_ATTEMPTS = 10;
const LOGIN_LOCKOUT_SECONDS = 15 * 60;

export interface AuthDeps {
  redis: Redis;
  prefix: string;
  ledger: OrderLedger;
  log: Logger;
  users: DashboardUsers;
  sessions: DashboardSessions;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const pair of (header ?? '').split(';').map((p) => p.trim())) {
    const at = pair.indexOf('=');
    if (at < 1) continue;
    const name = pair.slice(0, at);
    try {
      cookies[name] ??= decodeURIComponent(pair.slice(at + 1));
    } catch {
      // A cookie we did not write; ignore it.
    }
  }
  return cookies;
}

/** Only paths on this dashboard: `next=//evil.example` must not become an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/orders';
}

function cookieOptions(req: Request, httpOnly: boolean) {
  return { httpOnly, sameSite: 'strict' as const, secure: req.secure, path: '/' };
}

function setCsrfCookie(req: Request, res: Response, session: DashboardSession): void {
  res.cookie(CSRF_COOKIE, session.csrfToken, cookieOptions(req, false));
}

/** Log-in, log-out, and the two checks every other dashboard route sits behind. */
export function authRoutes(deps: AuthDeps): { login: Router; requireSession: express.RequestHandler; requireCsrf: express.RequestHandler } {
  const { users, sessions, ledger, log } = deps;
  const login = express.Router();
  const forms = express.urlencoded({ extended: false, limit: '16kb' });

  /** Audits without failing the request: a person's log-in or a refusal must not hinge on the audit write. */
  const auditSafely = (event: Parameters<OrderLedger['audit']>[0]): Promise<void> =>
    ledger.audit(event).catch((error: unknown) => log.error({ err: (error as Error).message, action: event.action }, 'dashboard audit failed'));

  const showLogin = (req: Request, res: Response, status: number, error?: string): void => {
    // Kept while it lives: a browser's side requests (favicon) also land here and must not replace the
    // token of the form the person is filling in.
    const existing = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
    const token = existing && /^[A-Za-z0-9_-]{32}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
    res.cookie(LOGIN_CSRF_COOKIE, token, { ...cookieOptions(req, true), path: '/login' });
    res.status(status).type('html').send(loginPage({ csrfToken: token, next: safeNext((req.body as { next?: unknown } | undefined)?.next ?? req.query.next), error }));
  };

  login.get('/login', (req, res) => showLogin(req, res, 200));

  login.post('/login', forms, async (req, res) => {
    const body = req.body as { user?: unknown; password?: unknown; _csrf?: unknown; next?: unknown } | undefined;
    const expected = parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE];
    if (!expected || !sameToken(body?._csrf, expected)) {
      showLogin(req, res, 403, 'The log-in form expired; please try again.');
      return;
    }
    const name = typeof body?.user === 'string' ? body.user.trim().slice(0, 64) : '';
    const password = typeof body?.password === 'string' ? body.password : '';
    const throttleKey = `${deps.prefix}:dashboard:login-failures:${name}:${req.ip ?? ''}`;
    if (Number(await deps.redis.get(throttleKey)) >= LOGIN_ATTEMPTS) {
      showLogin(req, res, 429, 'Too many failed log-ins; wait a quarter of an hour.');
      return;
    }
    const user = await users.authenticate(name, password);
    if (!user) {
      await deps.redis.multi().incr(throttleKey).expire(throttleKey, LOGIN_LOCKOUT_SECONDS).exec();
      await auditSafely({ actor: dashboardActor(name || '(no name)'), action: 'dashboard:login-refused', detail: { ip: req.ip }, security: true });
      showLogin(req, res, 401, 'Wrong user name or password.');
      return;
    }
    await deps.redis.del(throttleKey);
    const session = await sessions.start(user.name);
    res.cookie(SESSION_COOKIE, sessions.cookieValue(session), cookieOptions(req, true));
    setCsrfCookie(req, res, session);
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
    await auditSafely({ actor: dashboardActor(user.name), action: 'dashboard:login', detail: { role: user.role, ip: req.ip } });
    res.redirect(303, safeNext(body?.next));
  });

  const requireSession: express.RequestHandler = async (req, res, next: NextFunction) => {
    const session = await sessions.resume(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    const user = session ? users.find(session.user) : undefined;
    if (!session || !user) {
      // The board's own API calls (fetch) cannot follow a redirect to a form; pages can.
      if (req.method !== 'GET' || req.path.includes('/api/')) {
        res.status(401).type('text').send('log in first\n');
      } else {
        res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      }
      return;
    }
    signIn(res, { session, user });
    if (parseCookies(req.headers.cookie)[CSRF_COOKIE] !== session.csrfToken) setCsrfCookie(req, res, session);
    next();
  };

  /** Every change (any method but GET/HEAD/OPTIONS) must carry the session's token, in a header or form field. */
  const requireCsrf: express.RequestHandler = async (req, res, next) => {
    if (READ_METHODS.has(req.method)) return next();
    const session = currentSession(res);
    const fromHeader = CSRF_HEADERS.map((h) => req.get(h)).find((v) => v !== undefined);
    const submitted = fromHeader ?? (req.body as { _csrf?: unknown } | undefined)?._csrf;
    if (sameToken(submitted, session.csrfToken)) return next();
    await auditSafely({ actor: dashboardActor(currentUser(res).name), action: 'dashboard:csrf-refused', detail: { method: req.method, path: req.originalUrl }, security: true });
    res.status(403).type('text').send('CSRF token missing or wrong: reload the page and try again\n');
  };

  login.post('/logout', forms, requireSession, requireCsrf, async (req, res) => {
    await sessions.end(currentSession(res));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    await auditSafely({ actor: dashboardActor(currentUser(res).name), action: 'dashboard:logout' });
    res.redirect(303, '/login');
  });

  return { login, requireSession, requireCsrf };
}
