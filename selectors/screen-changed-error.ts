import { OrderDeskError } from '../core/errors/orderdesk-error.ts';

/**
 * The target system's screen no longer looks the way our locator map says: an expected element is
 * missing or ambiguous. Not a business refusal: nothing was submitted, the order is not wrong, and a
 * retry is harmless (search-before-create keeps it exactly once). Left retryable on purpose: a drift
 * that hits every order trips the keying queue's consecutive-failure pause, which keeps the orders
 * queued and mails ops once, instead of marking hundreds of good orders "needs attention".
 */
export class ScreenChangedError extends OrderDeskError {
  readonly screen: string;
  readonly locator: string;
  readonly layout: string;
  readonly url: string;
  /** PNG of the page when the drift was seen; the caller stores it beside the job's other artifacts. */
  readonly screenshot: Buffer | undefined;
  /** Set by whoever stored the screenshot. */
  screenshotPath: string | undefined;

  constructor(details: { screen: string; locator: string; layout: string; url: string; problem: string; screenshot?: Buffer }) {
    super(
      'screen_changed',
      `screen changed: ${details.screen} (layout ${details.layout}): locator "${details.locator}" ${details.problem} at ${details.url}`,
    );
    this.name = 'ScreenChangedError';
    this.screen = details.screen;
    this.locator = details.locator;
    this.layout = details.layout;
    this.url = details.url;
    this.screenshot = details.screenshot;
    this.screenshotPath = undefined;
  }
}
