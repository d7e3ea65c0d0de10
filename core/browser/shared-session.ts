import { ErrorCode } from '../errors/error-codes.ts';
import type { BrowserContext } from 'playwright-core';
import { OrderDeskError } from '../errors/orderdesk-error.ts';

/** Cookies of a logged-in session, as Playwright's storageState gives them. A secret: never logged. */
export type SessionCookies = Awaited<ReturnType<BrowserContext['storageState']>>['cookies'];

/**
 * One login shared by every context of a process: logged in once, its cookies copied into each context
 * that needs them. When the target system expires the session, the first context to notice logs in again
 * (single flight) and the others pick the new cookies up. Kept in memory only, so nothing on disk holds it.
 */
export class SharedSession {
  private cookies: SessionCookies | undefined;
  private current = 0;
  private refreshing: Promise<void> | undefined;

  /**
   * `loginBudgetMs`: how long the one login may take. Every context waits on it, so a login whose browser
   * calls never return (a killed Chromium can leave them so) must not hold them all for good: past the
   * budget the waiters get a `crm_unavailable` and the next one to try logs in afresh.
   */
  constructor(private readonly loginBudgetMs: number) {}

  /** 0 until the first login; each new login counts up. */
  get generation(): number {
    return this.current;
  }

  /**
   * Logs in again unless someone already did after `seenGeneration`. `login` runs in the caller's
   * context and returns that context's cookies afterwards.
   */
  async refresh(seenGeneration: number, login: () => Promise<SessionCookies>): Promise<void> {
    if (this.current > seenGeneration) return;
    this.refreshing ??= (async () => {
      try {
        this.cookies = await withinBudget(login(), this.loginBudgetMs);
        this.current += 1;
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /** Gives a context the current session's cookies if it holds an older one; returns the generation it now has. */
  async applyTo(context: BrowserContext, contextGeneration: number): Promise<number> {
    if (!this.cookies || contextGeneration === this.current) return contextGeneration;
    await context.clearCookies();
    await context.addCookies(this.cookies);
    return this.current;
  }

  /** Forgets the session (after the target system restarted, say). */
  clear(): void {
    this.cookies = undefined;
  }

  /** Never print the cookies, whatever logs this object. */
  toJSON(): Record<string, unknown> {
    return { generation: this.current, cookies: this.cookies ? '[redacted]' : undefined };
  }
}

function withinBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OrderDeskError(ErrorCode.crmUnavailable, `the shared log-in did not finish within ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
