import type { Locator, Page } from 'playwright-core';
import { isClosedError, isLocatorMiss } from '../playwright-errors.ts';
export { isClosedError };
import { describeLocator, fallbackLocator, primaryLocator, type LocatorSpec } from '../locator-spec.ts';
import { ScreenChangedError } from '../screen-changed-error.ts';
import { ACME_LAYOUT_META, isAcmeLayout, locatorMapFor, type AcmeLayout, type AcmeLocatorKey, type AcmeLocatorMap, type AcmeScreenName } from './locator-map.ts';
import type { AcmeErrorPage, ScreenArrival } from './screen-arrival.ts';

/**
 * Once a page has loaded (server-rendered, no scripts), every element it has is already there, so a
 * locator that finds nothing within this long is missing, not slow.
 */
export const ELEMENT_TIMEOUT_MS = 2_000;

/** An exact option is there at once on a loaded page; only a differently written value waits this long. */
const EXACT_OPTION_TIMEOUT_MS = 300;

export interface AcmeTabOptions {
  /** The suite's address, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** How long one screen may take to come back; longer counts as no response. */
  screenTimeoutMs: number;
  /** Other maps than the shipped ones (the selectors check tries a candidate map this way). */
  locatorMaps?: Partial<Record<AcmeLayout, AcmeLocatorMap>>;
}

export interface TableRows {
  headers: string[];
  rows: string[][];
}

/**
 * One browser tab on the Acme Finance Suite: the page (private), the layout it declares and the
 * locator map for it. The page objects act only through here, so every element goes through the map,
 * every drift becomes a ScreenChangedError and every navigation ends in a ScreenArrival.
 */
export class AcmeTab {
  private map: AcmeLocatorMap;

  constructor(
    private readonly page: Page,
    readonly options: AcmeTabOptions,
    layout: AcmeLayout = 'v1',
  ) {
    this.map = this.mapFor(layout);
  }

  private mapFor(layout: AcmeLayout): AcmeLocatorMap {
    return this.options.locatorMaps?.[layout] ?? locatorMapFor(layout);
  }

  get layout(): AcmeLayout {
    return this.map.layout;
  }

  url(path: string): string {
    return new URL(path, this.options.baseUrl).toString();
  }

  /** Opens a screen by address (menus are plain links; GET forms are their query string). */
  async open(path: string): Promise<ScreenArrival> {
    let httpStatus: number | undefined;
    try {
      const response = await this.page.goto(this.url(path), { waitUntil: 'domcontentloaded', timeout: this.options.screenTimeoutMs });
      httpStatus = response?.status();
    } catch (error) {
      if (isClosedError(error)) throw error;
      return { kind: 'no_response', detail: firstLine(error) };
    }
    return this.arrival(httpStatus);
  }

  /** The browser's Back button: the step page before a failed post, fetched again from the server. */
  async back(): Promise<ScreenArrival> {
    let httpStatus: number | undefined;
    try {
      const response = await this.page.goBack({ waitUntil: 'domcontentloaded', timeout: this.options.screenTimeoutMs });
      if (response === null) return { kind: 'no_response', detail: 'no page to go back to' };
      httpStatus = response.status();
    } catch (error) {
      if (isClosedError(error)) throw error;
      return { kind: 'no_response', detail: firstLine(error) };
    }
    return this.arrival(httpStatus);
  }

  /** Presses a submit button or link and waits for the next page to load, whatever it is. */
  async press<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<ScreenArrival> {
    const loaded = this.page.waitForEvent('domcontentloaded', { timeout: this.options.screenTimeoutMs }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // noWaitAfter: the navigation is awaited above, with the screen timeout, not the element timeout.
    await this.act(screen, key, (l) => l.click({ timeout: ELEMENT_TIMEOUT_MS, noWaitAfter: true }));
    const failed = await loaded;
    if (failed !== undefined) {
      if (isClosedError(failed)) throw failed;
      return { kind: 'no_response', detail: firstLine(failed) };
    }
    return this.arrival();
  }

  async fill<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>, value: string): Promise<void> {
    await this.act(screen, key, (l) => l.fill(value, { timeout: ELEMENT_TIMEOUT_MS }));
  }

  async check<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>, checked: boolean): Promise<void> {
    await this.act(screen, key, (l) => l.setChecked(checked, { timeout: ELEMENT_TIMEOUT_MS }));
  }

  /** The options a select offers, as value and visible label. */
  async choices<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<{ value: string; label: string }[]> {
    return this.act(screen, key, (l) =>
      l.evaluate((el) => [...(el as HTMLSelectElement).options].map((o) => ({ value: o.value, label: o.text.trim() })), undefined, { timeout: ELEMENT_TIMEOUT_MS }),
    );
  }

  async select<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>, value: string): Promise<void> {
    await this.act(screen, key, (l) => l.selectOption({ value }, { timeout: ELEMENT_TIMEOUT_MS }));
  }

  /**
   * Selects the option whose value or label is exactly `wanted` in one round trip; when there is none,
   * reads the options and lets `pick` choose (a label written differently), or returns false.
   */
  async choose<S extends AcmeScreenName>(
    screen: S,
    key: AcmeLocatorKey<S>,
    wanted: string,
    pick: (options: { value: string; label: string }[]) => string | undefined,
  ): Promise<boolean> {
    if (wanted !== '') {
      try {
        await primaryLocator(this.page, this.spec(screen, key)).selectOption(wanted, { timeout: EXACT_OPTION_TIMEOUT_MS });
        return true;
      } catch (error) {
        if (isClosedError(error)) throw error;
      }
    }
    const value = pick(await this.choices(screen, key));
    if (value === undefined) return false;
    await this.select(screen, key, value);
    return true;
  }

  async text<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<string> {
    return this.act(screen, key, async (l) => ((await l.textContent({ timeout: ELEMENT_TIMEOUT_MS })) ?? '').trim());
  }

  async inputValue<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<string> {
    return this.act(screen, key, (l) => l.inputValue({ timeout: ELEMENT_TIMEOUT_MS }));
  }

  /** Whether an element that only some states show (a pager link, an empty-result sentence) is there now. */
  async isShown<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<boolean> {
    const spec = this.spec(screen, key);
    if ((await primaryLocator(this.page, spec).count()) > 0) return true;
    const fallback = fallbackLocator(this.page, spec);
    return fallback !== undefined && (await fallback.count()) > 0;
  }

  /** A results grid: header texts and each body row's cell texts, in one round trip. */
  async table<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<TableRows> {
    return this.act(screen, key, (l) =>
      l.evaluate(
        (table) => {
          const t = table as HTMLTableElement;
          const headers = [...t.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
          const body = t.tBodies[0];
          const rows = body ? [...body.rows].map((r) => [...r.cells].map((c) => (c.textContent ?? '').trim())) : [];
          return { headers, rows };
        },
        undefined,
        { timeout: ELEMENT_TIMEOUT_MS },
      ),
    );
  }

  /** The record a detail screen shows, label → value (v1 row headers, v2 term/definition pairs). */
  async details(): Promise<Record<string, string>> {
    // Through a locator for its timeout: page.evaluate has none and waits for good on a page that never loads.
    return this.page.locator('body').evaluate(() => {
      const out: Record<string, string> = {};
      for (const th of document.querySelectorAll('th[scope="row"]')) {
        const td = th.nextElementSibling;
        if (td) out[(th.textContent ?? '').trim()] = (td.textContent ?? '').trim();
      }
      for (const dt of document.querySelectorAll('dt')) {
        const dd = dt.nextElementSibling;
        if (dd) out[(dt.textContent ?? '').trim()] = (dd.textContent ?? '').trim();
      }
      return out;
    }, undefined, { timeout: this.options.screenTimeoutMs });
  }

  /**
   * The values a detail screen shows beside the labels its map names, in one read. A label that is not
   * there is drift: ScreenChangedError naming the screen and label, with a screenshot.
   */
  async labelledValues<S extends AcmeScreenName, K extends AcmeLocatorKey<S>>(screen: S, keys: readonly K[]): Promise<Record<K, string>> {
    const shown = await this.details();
    const values = {} as Record<K, string>;
    for (const key of keys) {
      const spec = this.spec(screen, key);
      const label = 'text' in spec && typeof spec.text === 'string' ? spec.text : undefined;
      const value = label === undefined ? undefined : shown[label];
      if (value === undefined) {
        throw new ScreenChangedError({ screen, locator: describeLocator(key, spec), layout: this.map.layout, url: this.page.url(), problem: 'finds no labelled value', screenshot: await this.screenshot() });
      }
      values[key] = value;
    }
    return values;
  }

  /** Clicks a button that starts a file download and returns the file's bytes. */
  async download<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<{ fileName: string; content: Buffer }> {
    const started = this.page.waitForEvent('download', { timeout: this.options.screenTimeoutMs });
    started.catch(() => undefined);
    await this.act(screen, key, (l) => l.click({ timeout: ELEMENT_TIMEOUT_MS, noWaitAfter: true }));
    const download = await started;
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { fileName: download.suggestedFilename(), content: Buffer.concat(chunks) };
  }

  async screenshot(): Promise<Buffer | undefined> {
    return this.page.screenshot({ fullPage: true, timeout: ELEMENT_TIMEOUT_MS * 2 }).catch(() => undefined);
  }

  /** For the selectors check: does this locator hold on the page now, by its handle or only by its id? */
  async probe<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): Promise<'holds' | 'fallback' | 'ambiguous' | 'missing'> {
    const spec = this.spec(screen, key);
    const primary = await primaryLocator(this.page, spec).count();
    if (primary === 1) return 'holds';
    if (primary > 1) return 'ambiguous';
    const fallback = fallbackLocator(this.page, spec);
    return fallback !== undefined && (await fallback.count()) === 1 ? 'fallback' : 'missing';
  }

  describe<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): string {
    return describeLocator(key, this.spec(screen, key));
  }

  /**
   * Identifies the page now showing: layout (switching maps if it changed), <h1>, validation messages.
   * Read in one round trip: the <meta> layout stamp, the level-1 heading and the role=alert summary are
   * the page's identity, not elements we act on, and a screen is identified after every navigation.
   */
  async arrival(httpStatus?: number): Promise<ScreenArrival> {
    const seen = await this.page
      .evaluate((metaName) => {
        const layout = document.querySelector(`meta[name="${metaName}"]`)?.getAttribute('content') ?? null;
        const heading = document.querySelector('h1')?.textContent ?? null;
        const alert = document.querySelector('[role="alert"]');
        const items = alert ? [...alert.querySelectorAll('li')].map((li) => (li.textContent ?? '').trim()) : [];
        const alerts = alert ? (items.length > 0 ? items : [(alert.textContent ?? '').trim()]) : [];
        return { layout, heading, alerts };
      }, ACME_LAYOUT_META)
      .catch((error: unknown) => {
        if (isClosedError(error)) throw error;
        return { layout: null, heading: null, alerts: [] as string[] };
      });
    const { layout, heading } = seen;
    if (layout === null || heading === null) {
      // No Acme page at all: Chromium's own error page after a lost connection, or an empty response.
      return { kind: 'no_response', detail: `no Acme page at ${this.page.url()}${httpStatus ? ` (HTTP ${httpStatus})` : ''}` };
    }
    if (!isAcmeLayout(layout)) {
      throw new ScreenChangedError({
        screen: 'any screen',
        locator: `meta ${ACME_LAYOUT_META}`,
        layout,
        url: this.page.url(),
        problem: `declares layout "${layout}", for which there is no locator map`,
        screenshot: await this.screenshot(),
      });
    }
    if (layout !== this.map.layout) this.map = this.mapFor(layout);
    const title = heading.trim();
    for (const [error, errorTitle] of Object.entries(this.map.errorTitles) as [AcmeErrorPage, string][]) {
      if (title === errorTitle) return { kind: 'crm_error', error, title, ...(httpStatus === undefined ? {} : { httpStatus }) };
    }
    for (const [screen, spec] of Object.entries(this.map.screens) as [AcmeScreenName, AcmeLocatorMap['screens'][AcmeScreenName]][]) {
      const groups = matchTitle(spec.title, title);
      if (groups === undefined) continue;
      if (screen === 'login' && (await this.isShown('login', 'sessionExpired'))) return { kind: 'session_expired' };
      return { kind: 'screen', screen, layout, title, titleGroups: groups, alerts: seen.alerts };
    }
    return { kind: 'unexpected_screen', title };
  }

  private spec<S extends AcmeScreenName>(screen: S, key: AcmeLocatorKey<S>): LocatorSpec {
    const locators = this.map.screens[screen].locators as Record<string, LocatorSpec>;
    const spec = locators[key];
    if (!spec) throw new Error(`locator map ${this.map.layout} has no ${screen}.${key}`);
    return spec;
  }

  /**
   * Runs an action on the element by its label/role handle; if that handle finds nothing (or several),
   * tries the fallback id; if that fails too the screen has changed: ScreenChangedError with a screenshot.
   */
  private async act<S extends AcmeScreenName, T>(screen: S, key: AcmeLocatorKey<S>, action: (l: Locator) => Promise<T>): Promise<T> {
    const spec = this.spec(screen, key);
    let problem: string;
    try {
      return await action(primaryLocator(this.page, spec));
    } catch (error) {
      if (!isLocatorMiss(error)) throw error;
      problem = /strict mode violation/i.test(String(error)) ? 'matches more than one element' : 'finds no element';
    }
    const fallback = fallbackLocator(this.page, spec);
    if (fallback !== undefined && (await fallback.count()) === 1) return action(fallback);
    throw new ScreenChangedError({
      screen,
      locator: describeLocator(key, spec),
      layout: this.map.layout,
      url: this.page.url(),
      problem: fallback === undefined ? problem : `${problem} (nor does its fallback id #${spec.fallbackId})`,
      screenshot: await this.screenshot(),
    });
  }
}

function matchTitle(pattern: string | RegExp, title: string): string[] | undefined {
  if (typeof pattern === 'string') return pattern === title ? [] : undefined;
  const m = pattern.exec(title);
  return m ? m.slice(1).filter((g): g is string => g !== undefined) : undefined;
}



function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unknown error';
}
