import type { Locator, Page } from 'playwright-core';
import { isClosedError } from '../playwright-errors.ts';
import { ScreenChangedError } from '../screen-changed-error.ts';
import type { TrytonLocatorKey, TrytonScreenName } from './locator-map.ts';
import type { TrytonInterruption } from './tryton-outcome.ts';

/** How often a wait re-reads the screen; sao answers in tens of milliseconds when idle. */
export const POLL_MS = 100;
/** More message boxes than this stacked up means sao keeps raising them: the caller's wait reports it. */
const MAX_LEFTOVER_BOXES = 10;

/** How the waits find and close sao's message boxes: through the tab, by the locator map like any element. */
export interface MessageBoxHands {
  locate<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Locator;
  click<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<void>;
}

export interface UntilOptions {
  /** While logging in, the password prompt is the step in progress, not an expired session. */
  whileLoggingIn?: boolean;
  /** A wait that spans that many screens (a search made twice) gets that many screen timeouts. */
  screens?: number;
}

/**
 * Waiting on what sao shows, and the message boxes that interrupt any wait: Tryton's refusals, its
 * crashes, and the password prompt of an ended session. sao is a single-page app with no page loads to
 * wait for, so every wait polls the screen.
 */
export class SaoWaits {
  constructor(
    private readonly page: Page,
    private readonly hands: MessageBoxHands,
    private readonly screenTimeoutMs: number,
  ) {}

  /**
   * Polls `check` until it returns true; meanwhile a message box (refusal, application error) or the
   * password prompt ends the wait as an interruption. Returns undefined when `check` succeeded.
   */
  async until(what: string, check: () => Promise<true | undefined>, options: UntilOptions = {}): Promise<TrytonInterruption | undefined> {
    const waitMs = this.screenTimeoutMs * (options.screens ?? 1);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const interruption = await this.interruption();
      if (interruption && !(options.whileLoggingIn && interruption.kind === 'session_expired')) return interruption;
      try {
        if ((await check()) === true) return undefined;
      } catch (error) {
        if (isClosedError(error)) throw error;
      }
      if (Date.now() > deadline) return { kind: 'no_response', detail: `${what} did not show within ${waitMs} ms` };
      await this.page.waitForTimeout(POLL_MS);
    }
  }

  /**
   * A message box sao shows over the screen, read and dismissed: Tryton's UserError/UserWarning is a
   * warning box (role=alert, its title and text are Tryton's message) — the ERP refusing; "Application
   * Error" is a crash on the server — system trouble.
   */
  async interruption(): Promise<TrytonInterruption | undefined> {
    const dialogs = this.page.getByRole('dialog').filter({ visible: true });
    const crash = dialogs.filter({ has: this.hands.locate('messages', 'applicationError') });
    if ((await crash.count()) > 0) {
      const detail = ((await crash.locator('pre').first().textContent().catch(() => '')) ?? '').trim().split('\n').slice(-1)[0] ?? '';
      await this.dismiss('close', crash);
      return { kind: 'erp_error', detail };
    }
    // sao's "save changes?" question is an alert box too, but a question, not a refusal (closeTabs answers it).
    const boxes = dialogs.filter({ has: this.hands.locate('messages', 'alert') }).filter({ hasNot: this.hands.locate('messages', 'discardChanges') });
    if ((await boxes.count()) > 0) {
      const box = boxes.last();
      const alert = this.hands.locate('messages', 'alert', box);
      const parts = await alert.evaluate((el) => [el.querySelector('h4')?.textContent ?? '', ...[...el.querySelectorAll(':scope > span:not(.sr-only)')].map((s) => s.textContent ?? '')]);
      await this.dismiss('ok', box);
      return { kind: 'refused', messages: parts.map((p) => p.trim()).filter((p) => p !== '') };
    }
    // sao asks for the password again (and only that) when the session has ended.
    if ((await this.hands.locate('login', 'password').count()) > 0) return { kind: 'session_expired' };
    return undefined;
  }

  /** Message boxes a verb before this one left open are not this verb's answer: closed unread. */
  async dismissLeftovers(): Promise<void> {
    for (let i = 0; i < MAX_LEFTOVER_BOXES; i++) {
      const box = this.page.getByRole('dialog').filter({ visible: true }).filter({ has: this.hands.locate('messages', 'alert') }).filter({ hasNot: this.hands.locate('messages', 'discardChanges') });
      const crash = this.page.getByRole('dialog').filter({ visible: true }).filter({ has: this.hands.locate('messages', 'applicationError') });
      if ((await box.count()) > 0) await this.dismiss('ok', box.last());
      else if ((await crash.count()) > 0) await this.dismiss('close', crash.last());
      else return;
      await this.page.waitForTimeout(POLL_MS);
    }
  }

  /**
   * Closes a message box. Its buttons fade in after its text: a click that finds none yet is left for
   * the next look (the box is still there then), not taken for a changed screen.
   */
  private async dismiss(button: 'ok' | 'close', box: Locator): Promise<void> {
    await this.hands.click('messages', button, box).catch((error: unknown) => {
      if (!(error instanceof ScreenChangedError)) throw error;
    });
  }
}
