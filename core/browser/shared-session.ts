import type { BrowserContext } from 'playwright-core';

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
        this.cookies = await login();
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
