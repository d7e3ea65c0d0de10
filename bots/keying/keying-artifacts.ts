import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserSlot } from '../../core/browser/browser-pool.ts';
import { ScreenChangedError } from '../../selectors/screen-changed-error.ts';

/** Paths of what a failed keying attempt left behind, for the ledger, the job and the dashboard. */
export interface FailureArtifacts {
  dir: string;
  screenshot?: string;
  html?: string;
  trace?: string;
  /** The screenshot taken at the moment a locator drifted, when that was the failure. */
  driftScreenshot?: string;
}

/** Bounds a screenshot or page read of a page that may be hung, so a failing job still ends promptly. */
const CAPTURE_TIMEOUT_MS = 5_000;

/**
 * Per job: one Playwright trace chunk on the job's context, written out only when the attempt failed,
 * together with a screenshot and the page's HTML, under `<dataDir>/artifacts/<orderId>/<attempt>/`.
 */
export class KeyingArtifacts {
  constructor(private readonly dataDir: string) {}

  dirFor(orderId: string, attempt: number): string {
    return join(this.dataDir, 'artifacts', safeName(orderId), String(attempt));
  }

  /** Playwright's tracing calls have no timeout of their own; a chunk that cannot start is an attempt without a trace. */
  async begin(slot: BrowserSlot, title: string): Promise<void> {
    if (slot.tracing) await attempt(() => slot.context.tracing.startChunk({ title }));
  }

  /** Ends the job's trace chunk: discarded after success, saved with a screenshot and the HTML after failure. */
  async end(slot: BrowserSlot, failed: false): Promise<undefined>;
  async end(slot: BrowserSlot, failed: { orderId: string; attempt: number; error?: unknown }): Promise<FailureArtifacts>;
  async end(slot: BrowserSlot, failed: false | { orderId: string; attempt: number; error?: unknown }): Promise<FailureArtifacts | undefined> {
    if (!failed) {
      if (slot.tracing) await attempt(() => slot.context.tracing.stopChunk());
      return undefined;
    }
    const dir = this.dirFor(failed.orderId, failed.attempt);
    await mkdir(dir, { recursive: true });
    const found: FailureArtifacts = { dir };
    const screenshot = join(dir, 'screenshot.png');
    if (await attempt(() => slot.page.screenshot({ path: screenshot, fullPage: true, timeout: CAPTURE_TIMEOUT_MS }))) found.screenshot = screenshot;
    const html = join(dir, 'page.html');
    const content = await withTimeout(slot.page.content(), CAPTURE_TIMEOUT_MS).catch(() => undefined);
    if (content !== undefined) {
      await writeFile(html, content);
      found.html = html;
    }
    if (slot.tracing) {
      const trace = join(dir, 'trace.zip');
      if (await attempt(() => slot.context.tracing.stopChunk({ path: trace }))) found.trace = trace;
    }
    if (failed.error instanceof ScreenChangedError && failed.error.screenshot) {
      const drift = join(dir, 'drift.png');
      await writeFile(drift, failed.error.screenshot);
      failed.error.screenshotPath = drift;
      found.driftScreenshot = drift;
    }
    return found;
  }
}

/** Order ids come from our own ledger, but a path is no place to trust that. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'order';
}

async function attempt(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await withTimeout(work(), CAPTURE_TIMEOUT_MS);
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
