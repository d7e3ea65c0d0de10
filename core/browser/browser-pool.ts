import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OrderDeskError } from '../errors/orderdesk-error.ts';
import type { Logger } from '../logging/logger.ts';
import { launchChromium } from './launch-chromium.ts';

/**
 * Assets a keying bot never looks at. Matched on the URL so that only these requests are intercepted:
 * a catch-all route would send every page load through the route handler as well.
 */
const BLOCKED_ASSETS = /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|css|mp4|webm|ogg|mp3|wav|m4a)(?:[?#].*)?$/i;

export interface BrowserPoolOptions {
  chromiumPath?: string;
  headless?: boolean;
  /** Contexts (tabs) kept by this process: one per order keyed at once. */
  size: number;
  /** Default timeout for every page action, ms. */
  actionTimeoutMs: number;
  /** Start a Playwright trace on each context so jobs can record chunks (kept only on failure). */
  tracing?: boolean;
  /** Abort images, fonts, media and stylesheets. Default true. */
  blockAssets?: boolean;
  log: Logger;
}

/** A context with its one page, reused job after job. */
export interface BrowserSlot {
  readonly id: number;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly tracing: boolean;
  /** Which SharedSession generation's cookies this context holds (0: none yet). */
  sessionGeneration: number;
  /** The browser launch this slot belongs to; a slot of a crashed browser is thrown away. */
  readonly launch: number;
}

/**
 * One Chromium per process and a fixed number of reusable contexts. A crashed or killed browser is
 * noticed through `disconnected` and relaunched on the next lease; the jobs that were using it fail as
 * system faults and are retried. `close()` is idempotent and runs every cleanup step.
 */
export class BrowserPool {
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private launchCount = 0;
  private nextSlotId = 1;
  private readonly idle: BrowserSlot[] = [];
  private readonly busy = new Set<BrowserSlot>();
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private closing: Promise<void> | undefined;
  /** Per launch, a promise that rejects when that browser goes away: work on its contexts races it. */
  private readonly lost = new Map<number, Promise<never>>();

  constructor(private readonly options: BrowserPoolOptions) {}

  /** How many times Chromium was started (a restart after a crash counts). */
  get launches(): number {
    return this.launchCount;
  }

  /** Runs `work` on a free context, waiting for one if all are busy. */
  async withSlot<T>(work: (slot: BrowserSlot) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      // A killed Chromium does not always fail the calls in flight (the soak saw them hang for good,
      // holding their contexts); the work ends as a system fault the moment the browser is gone.
      const lost = this.lost.get(slot.launch);
      return await (lost ? Promise.race([work(slot), lost]) : work(slot));
    } finally {
      this.release(slot);
    }
  }

  private async acquire(): Promise<BrowserSlot> {
    for (;;) {
      if (this.closing) throw new Error('browser pool is closed');
      const slot = this.idle.pop();
      if (slot) {
        if (slot.launch === this.launchCount && this.browser?.isConnected()) {
          this.busy.add(slot);
          return slot;
        }
        continue;
      }
      if (this.busy.size < this.options.size) {
        // Reserve the place before the await so concurrent callers cannot overshoot the size.
        const placeholder = { id: -1 } as BrowserSlot;
        this.busy.add(placeholder);
        try {
          const created = await this.createSlot();
          this.busy.add(created);
          return created;
        } finally {
          this.busy.delete(placeholder);
        }
      }
      await new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
  }

  private release(slot: BrowserSlot): void {
    this.busy.delete(slot);
    const healthy = !this.closing && slot.launch === this.launchCount && this.browser?.isConnected() && !slot.page.isClosed();
    if (healthy) this.idle.push(slot);
    else void slot.context.close().catch(() => undefined);
    this.waiters.shift()?.resolve();
  }

  private async createSlot(): Promise<BrowserSlot> {
    const browser = await this.ensureBrowser();
    const launch = this.launchCount;
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      if (this.options.blockAssets ?? true) await context.route(BLOCKED_ASSETS, (route) => route.abort('blockedbyclient'));
      const tracing = this.options.tracing ?? false;
      if (tracing) await context.tracing.start({ snapshots: true, screenshots: false, sources: false });
      const page = await context.newPage();
      page.setDefaultTimeout(this.options.actionTimeoutMs);
      page.setDefaultNavigationTimeout(this.options.actionTimeoutMs);
      return { id: this.nextSlotId++, context, page, tracing, sessionGeneration: 0, launch };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= (async () => {
      try {
        const browser = await launchChromium({
          ...(this.options.chromiumPath ? { chromiumPath: this.options.chromiumPath } : {}),
          headless: this.options.headless ?? true,
          // The process's own shutdown closes the pool once the keying jobs are done. Playwright's signal
          // handlers would close the browser under a running job and exit(130) on the spot, skipping the
          // rest of the shutdown; its exit hook still kills the browser if the process leaves without us.
          extra: { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false },
        });
        this.launchCount += 1;
        const launch = this.launchCount;
        let browserLost: (error: Error) => void = () => undefined;
        const lost = new Promise<never>((_, reject) => {
          browserLost = reject;
        });
        lost.catch(() => undefined); // nobody may be racing it when the browser goes
        this.lost.set(launch, lost);
        browser.on('disconnected', () => {
          browserLost(new OrderDeskError('browser_lost', `chromium (launch ${launch}) went away while in use`));
          this.lost.delete(launch);
          if (this.launchCount !== launch) return;
          this.browser = undefined;
          this.idle.length = 0;
          if (!this.closing) this.options.log.warn({ launch }, 'chromium disconnected (crashed or killed); it is relaunched for the next order');
        });
        this.browser = browser;
        return browser;
      } finally {
        this.launching = undefined;
      }
    })();
    return this.launching;
  }

  /** Stops handing out contexts, closes every context and the browser. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('browser pool is closed'));
      const contexts = [...this.idle, ...this.busy].map((s) => s.context).filter((c) => c !== undefined);
      this.idle.length = 0;
      await Promise.allSettled(contexts.map((c) => c.close()));
      const browser = this.browser ?? (await this.launching?.catch(() => undefined));
      this.browser = undefined;
      await browser?.close().catch(() => undefined);
    })();
    return this.closing;
  }
}
