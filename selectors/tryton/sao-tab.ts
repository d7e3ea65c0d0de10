import type { Locator, Page } from 'playwright-core';
import { isClosedError } from '../playwright-errors.ts';
export { isClosedError };
import type { TrytonLocatorKey, TrytonLocatorMap, TrytonScreenName } from './locator-map.ts';
import { TRYTON_LOCATORS_V1 } from './locators/v1.ts';
import { Many2OneChooser } from './many2one-chooser.ts';
// The page objects take guard from the tab they act through.
export { SaoInterrupted, guard } from './sao-interrupted.ts';
import { SaoElements } from './sao-elements.ts';
import { POLL_MS, SaoWaits, type UntilOptions } from './sao-waits.ts';
import type { TrytonInterruption, TrytonOutcome } from './tryton-outcome.ts';

/** More than this many "More" presses means the list is not ending, not long. */
const MAX_MORE_PRESSES = 200;
/** sao closes a tab only once its answer to the last Close (a reload) is back; a Close before that asks again. */
const CLOSE_AGAIN_AFTER_MS = 2_000;

export interface SaoTabOptions {
  /** The sao address, e.g. http://127.0.0.1:8000/ */
  baseUrl: string;
  database: string;
  /** How long one screen or one save may take to show its result; longer counts as no response. */
  screenTimeoutMs: number;
  /** Another map than the shipped one (a selectors check tries a candidate this way). */
  locatorMap?: TrytonLocatorMap;
}

export interface GridRows {
  headers: string[];
  rows: string[][];
}

/**
 * One browser tab on sao, Tryton's single-page web client. The page objects act only through here: every
 * element comes from the locator map (drift raises ScreenChangedError, see SaoElements), and every wait
 * is on what sao shows (a field's value, a dialog, a grid's rows), never on page loads, which a
 * single-page app does not have (see SaoWaits).
 */
export class SaoTab {
  readonly map: TrytonLocatorMap;
  /** The map's elements on this tab; the selectors check probes them. */
  readonly elements: SaoElements;
  private readonly waits: SaoWaits;

  constructor(
    private readonly page: Page,
    readonly options: SaoTabOptions,
  ) {
    this.map = options.locatorMap ?? TRYTON_LOCATORS_V1;
    this.elements = new SaoElements(page, this.map, () => this.waits.interruption());
    this.waits = new SaoWaits(page, this, options.screenTimeoutMs);
  }

  get layout(): string {
    return this.map.layout;
  }

  /** Loads sao itself (the one real page load); its log-in dialog comes up by itself. */
  async load(): Promise<TrytonInterruption | undefined> {
    try {
      await this.page.goto(this.options.baseUrl, { waitUntil: 'domcontentloaded', timeout: this.options.screenTimeoutMs });
      return undefined;
    } catch (error) {
      if (isClosedError(error)) throw error;
      return { kind: 'no_response', detail: firstLine(error) };
    }
  }

  /**
   * Opens a model's screen the way a bookmark does: sao routes `#<database>/model/<model>;params` to a
   * new tab with the model's list. Resolves when that tab's list or form is on screen.
   */
  async openModel(model: string, params: Record<string, unknown> = {}): Promise<TrytonInterruption | undefined> {
    const query = Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`)
      .join('&');
    const hash = `#${this.options.database}/model/${model}${query ? `;${query}` : ''}`;
    const panelsBefore = await this.tabPanes().count();
    await this.page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    // sao reuses an open tab with the same attributes instead of adding one; either way the address
    // bar then names the model of the tab on screen.
    return this.until(`the ${model} screen`, async () =>
      ((await this.tabPanes().count()) > panelsBefore || this.page.url().includes(`/model/${model}`)) && (await this.panel().count()) === 1 ? true : undefined,
    );
  }

  /**
   * Closes every open sao tab, discarding unsaved changes (a form an interrupted attempt left half
   * filled), so a verb starts on an empty screen: sao reuses an open tab whose model and filters match
   * (it ignores the tab's name), and the tabs of hundreds of orders would otherwise pile up.
   */
  async closeTabs(): Promise<TrytonInterruption | undefined> {
    await this.waits.dismissLeftovers();
    const closeButtons = this.locate('home', 'closeTab', this.locate('home', 'tabList').filter({ has: this.locate('home', 'closeTab') }));
    // Clicking Close again before sao has closed the tab asks again, for ever: each click waits a moment
    // for the previous one to land.
    let actedAt = 0;
    return this.until('every tab closed', async () => {
      const asked = this.dialogHaving('messages', 'discardChanges');
      if ((await asked.count()) > 0) {
        await this.click('messages', 'discardChanges', asked);
        actedAt = Date.now();
        return undefined;
      }
      if ((await closeButtons.count()) === 0) return true;
      if (Date.now() - actedAt < CLOSE_AGAIN_AFTER_MS) return undefined;
      await closeButtons.first().click({ timeout: this.options.screenTimeoutMs });
      actedAt = Date.now();
      return undefined;
    });
  }

  /** The sao tab now showing; every screen locator is looked up inside it. */
  panel(): Locator {
    return this.tabPanes().filter({ visible: true });
  }

  /** sao's tabs: panels inside the tab area (itself a tabpanel), one per open screen, hidden but the current. */
  private tabPanes(): Locator {
    return this.page.getByRole('tabpanel').getByRole('tabpanel', { includeHidden: true });
  }

  /** The open dialog whose heading is the screen's title (sao stacks dialogs; each has its heading). */
  dialog(screen: TrytonScreenName): Locator {
    const title = this.map.screens[screen].title;
    return this.page
      .getByRole('dialog')
      .filter({ visible: true })
      .filter({ has: this.page.getByRole('heading', { name: title, exact: typeof title === 'string' }) });
  }

  /** The open dialog that holds a screen's element (for sao's dialogs that have no heading). */
  dialogHaving<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): Locator {
    return this.page.getByRole('dialog').filter({ visible: true }).filter({ has: this.locate(screen, key) });
  }

  /** The element for a screen's key, inside `scope` (default: the page), visible ones only. */
  locate<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Locator {
    return this.elements.locate(screen, key, scope);
  }

  async fill<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, value: string, scope?: Locator): Promise<void> {
    await this.elements.act(screen, key, scope, (l) => l.fill(value, { timeout: this.options.screenTimeoutMs }));
  }

  /**
   * Types a value and leaves the field (Tab), then waits until sao shows it: an on_change arriving
   * from an earlier field can redraw the form and wipe what was typed, so it is typed again then.
   */
  async enter<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, value: string, scope?: Locator): Promise<TrytonInterruption | undefined> {
    const same = (shown: string): boolean => shown === value || (isNumeric(value) && Number(shown.replace(/[^\d.-]/g, '')) === Number(value));
    return this.until(`${key} to show ${value}`, async () => {
      const shown = await this.value(screen, key, scope);
      if (same(shown) && !(await this.locate(screen, key, scope).evaluate((el) => el === document.activeElement))) return true;
      // Typed as a person types: sao swaps a number's text input for a number input on focus, so after
      // the click the keyboard goes wherever sao put the focus (fill() on the text input mangles it).
      await this.click(screen, key, scope);
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.type(value);
      await this.page.keyboard.press('Tab');
      return undefined;
    });
  }

  async click<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<void> {
    await this.elements.act(screen, key, scope, (l) => l.click({ timeout: this.options.screenTimeoutMs }));
  }

  async press<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, keys: string, scope?: Locator): Promise<void> {
    await this.elements.act(screen, key, scope, (l) => l.press(keys, { timeout: this.options.screenTimeoutMs }));
  }

  /** What a field shows: an input's value, a select's chosen option, or the element's text. */
  async value<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<string> {
    return this.elements.act(screen, key, scope, (l) =>
      l.evaluate(
        (el) => {
          if (el instanceof HTMLSelectElement) return el.selectedOptions[0]?.text ?? '';
          if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
          return el.textContent ?? '';
        },
        undefined,
        { timeout: this.options.screenTimeoutMs },
      ),
    ).then((v) => v.trim());
  }

  async isShown<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<boolean> {
    return (await this.locate(screen, key, scope).count()) > 0;
  }

  /**
   * A sao list: presses "More" until every loaded record is drawn (sao draws 20 at a time), then reads
   * header texts and each row's cell texts in one round trip.
   */
  async grid(scope: Locator, screen: TrytonScreenName = 'list'): Promise<GridRows> {
    const table = await this.elements.act(screen, 'grid' as TrytonLocatorKey<typeof screen>, scope, async (l) => {
      await l.waitFor({ timeout: this.options.screenTimeoutMs });
      return l;
    });
    const more = this.locate('list', 'more', table);
    for (let i = 0; i < MAX_MORE_PRESSES && (await more.count()) > 0; i++) {
      // sao also draws more rows when the button scrolls into view, so it may vanish under the click;
      // and it sometimes draws two identical More rows, which a strict click would refuse every time.
      await more.first().click({ timeout: 1_000 }).catch((error: unknown) => {
        if (isClosedError(error)) throw error;
      });
      await this.page.waitForTimeout(POLL_MS);
    }
    // No named helpers inside: the bundler would wrap them in a __name() the page does not have.
    return table.evaluate((t) => ({
      headers: [...t.querySelectorAll('thead th')].map((el) => (el.textContent ?? '').trim()),
      rows: [...t.querySelectorAll('tbody tr')]
        .filter((r) => !r.classList.contains('more-row'))
        .map((r) => [...r.querySelectorAll(':scope > td')].map((el) => (el.textContent ?? '').trim())),
    }));
  }

  /** Ticks the list's select-all box (a header cell's checkbox; it has no label of its own). */
  async selectAll(scope: Locator): Promise<void> {
    await this.elements.act('list', 'grid', scope, (l) => l.getByRole('columnheader').getByRole('checkbox').check({ timeout: this.options.screenTimeoutMs }));
  }

  /**
   * A many2one field: the record whose search row shows `match`, searched for by typing `text` (see
   * Many2OneChooser). Resolves when the field holds it, or as a refusal when no row or several show it.
   */
  async chooseMany2One<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, text: string, match: string, scope?: Locator): Promise<TrytonOutcome<string>> {
    const field = this.elements.fieldName(screen, key);
    return new Many2OneChooser(this, this.page.keyboard, { screen, key, scope }).choose({ text, match, field });
  }

  /**
   * Polls `check` until it returns true; meanwhile a message box (refusal, application error) or the
   * password prompt ends the wait as an interruption. Returns undefined when `check` succeeded.
   */
  async until(what: string, check: () => Promise<true | undefined>, options: UntilOptions = {}): Promise<TrytonInterruption | undefined> {
    return this.waits.until(what, check, options);
  }

  async screenshot(): Promise<Buffer | undefined> {
    return this.elements.screenshot();
  }
}

function isNumeric(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text.trim());
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unknown error';
}
