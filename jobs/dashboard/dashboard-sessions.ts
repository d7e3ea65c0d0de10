import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DashboardSession {
  id: string;
  user: string;
  /** Sent back on every change (form field or header) and compared here: the CSRF token. */
  csrfToken: string;
  startedAt: string;
}

/**
 * Log-in sessions, kept in Redis so several dashboard instances share them and log-out ends them
 * everywhere. The cookie holds only a random id and its HMAC, so a forged or guessed cookie is refused
 * before Redis is asked; each use pushes the idle expiry back.
 */
export class DashboardSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly secret: Buffer,
    private readonly idleMs: number,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:dashboard:session:${id}`;
  }

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url');
  }

  /** The cookie value for a session: `<id>.<signature>`. */
  cookieValue(session: DashboardSession): string {
    return `${session.id}.${this.sign(session.id)}`;
  }

  async start(user: string): Promise<DashboardSession> {
    const session: DashboardSession = {
      id: randomBytes(32).toString('base64url'),
      user,
      csrfToken: randomBytes(32).toString('base64url'),
      startedAt: new Date().toISOString(),
    };
    await this.redis.set(this.key(session.id), JSON.stringify(session), 'PX', this.idleMs);
    return session;
  }

  /** The live session a cookie names, its idle expiry renewed; undefined when forged, expired or ended. */
  async resume(cookie: string | undefined): Promise<DashboardSession | undefined> {
    const id = this.verifiedId(cookie);
    if (!id) return undefined;
    const raw = await this.redis.getex(this.key(id), 'PX', this.idleMs);
    return raw ? (JSON.parse(raw) as DashboardSession) : undefined;
  }

  async end(session: DashboardSession): Promise<void> {
    await this.redis.del(this.key(session.id));
  }

  private verifiedId(cookie: string | undefined): string | undefined {
    const [id, signature, extra] = (cookie ?? '').split('.');
    if (!id || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function sameToken(submitted: unknown, expected: string): boolean {
  if (typeof submitted !== 'string' || submitted.length === 0) return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
