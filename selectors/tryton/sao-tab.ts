import type { Locator, Page } from 'playwright-core';
import { isClosedError, isLocatorMiss } from '../playwright-errors.ts';
export { isClosedError };
import { ScreenChangedError } from '../screen-changed-error.ts';
import type { TrytonLocatorKey, TrytonLocatorMap, TrytonLocatorSpec, TrytonScreenName } from './locator-map.ts';
import { TRYTON_LOCATORS_V1 } from './locators/v1.ts';
import type { TrytonInterruption, TrytonOutcome } from './tryton-outcome.ts';

/** How often a wait re-reads the screen; sao answers in tens of milliseconds when idle. */
const POLL_MS = 100;
/** More than this many "More" presses means the list is not ending, not long. */
const MAX_MORE_PRESSES = 200;
/** A key press that sao swallowed (busy redrawing) is repeated after this long. */
const REPRESS_AFTER_MS = 2_000;
/** More message boxes than this stacked up means sao keeps raising them: the caller's wait reports it. */
const MAX_LEFTOVER_BOXES = 10;
/** A list that has stayed the same this long without what we look for does not have it. */
const EMPTY_RESULT_SETTLE_MS = 1_500;

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
 * element comes from the locator map (drift raises ScreenChangedError), and every wait is on what sao
 * shows (a field's value, a dialog, a grid's rows), never on page loads, which a single-page app does
 * not have.
 */
export class SaoTab {
  readonly map: TrytonLocatorMap;

  constructor(
    private readonly page: Page,
    readonly options: SaoTabOptions,
  ) {
    this.map = options.locatorMap ?? TRYTON_LOCATORS_V1;
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
    await this.dismissLeftovers();
    const closeButtons = this.locate('home', 'closeTab', this.locate('home', 'tabList').filter({ has: this.locate('home', 'closeTab') }));
    // sao closes a tab only after its answer to the question (a reload) comes back; clicking Close again
    // before that asks again, for ever. So each click waits a moment for the previous one to land.
    let actedAt = 0;
    return this.until('every tab closed', async () => {
      const asked = this.dialogHaving('messages', 'discardChanges');
      if ((await asked.count()) > 0) {
        await this.click('messages', 'discardChanges', asked);
        actedAt = Date.now();
        return undefined;
      }
      if ((await closeButtons.count()) === 0) return true;
      if (Date.now() - actedAt < REPRESS_AFTER_MS) return undefined;
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
    return resolve(scope ?? this.page, this.spec(screen, key));
  }

  async fill<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, value: string, scope?: Locator): Promise<void> {
    await this.act(screen, key, scope, (l) => l.fill(value, { timeout: this.options.screenTimeoutMs }));
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
    await this.act(screen, key, scope, (l) => l.click({ timeout: this.options.screenTimeoutMs }));
  }

  async press<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, keys: string, scope?: Locator): Promise<void> {
    await this.act(screen, key, scope, (l) => l.press(keys, { timeout: this.options.screenTimeoutMs }));
  }

  /** What a field shows: an input's value, a select's chosen option, or the element's text. */
  async value<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<string> {
    return this.act(screen, key, scope, (l) =>
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

  /** For the selectors check: whether a locator finds exactly one element, only by its fallback, several or none. */
  async probe<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<'holds' | 'fallback' | 'ambiguous' | 'missing'> {
    const spec = this.spec(screen, key);
    const primary = await resolve(scope ?? this.page, spec).count();
    if (primary === 1) return 'holds';
    if (primary > 1) return 'ambiguous';
    const fallback = 'fallbackField' in spec && spec.fallbackField ? (scope ?? this.page).locator(`[name="${spec.fallbackField}"]`).filter({ visible: true }) : undefined;
    return fallback !== undefined && (await fallback.count()) === 1 ? 'fallback' : 'missing';
  }

  /** A locator as the selectors check prints it. */
  describeLocator<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): string {
    return describe(key, this.spec(screen, key));
  }

  async isShown<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<boolean> {
    return (await this.locate(screen, key, scope).count()) > 0;
  }

  /**
   * A sao list: presses "More" until every loaded record is drawn (sao draws 20 at a time), then reads
   * header texts and each row's cell texts in one round trip.
   */
  async grid(scope: Locator, screen: TrytonScreenName = 'list'): Promise<GridRows> {
    const table = await this.act(screen, 'grid' as TrytonLocatorKey<typeof screen>, scope, async (l) => {
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
    await this.act('list', 'grid', scope, (l) => l.getByRole('columnheader').getByRole('checkbox').check({ timeout: this.options.screenTimeoutMs }));
  }

  /**
   * A many2one field: types the text and presses F2, which opens sao's "Search …" dialog filtered by
   * it (Tab does too, but not while sao's completion drop-down is open: a race), where the row
   * showing `match` exactly is chosen. Resolves when the field
   * holds a value, or as a refusal when no row (or more than one) shows `match`.
   */
  async chooseMany2One<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, text: string, match: string, scope?: Locator): Promise<TrytonOutcome<string>> {
    const dialog = this.dialog('searchDialog');
    const field = this.spec(screen, key);
    let pressedAt = 0;
    let okPressed = false;
    let searchedAgain = false;
    let chosen = '';
    let refusal: string | undefined;
    let listed = '';
    let listedSince = 0;
    // One loop over what sao shows, because sao can undo any step: a redraw wipes the typed text, a
    // repeated F2 stacks a second dialog, an on_change clears the chosen value.
    // A refusal takes two searches, so the loop gets two screens' time: with one, a loaded machine
    // turned "no such currency" into no answer (a CI run).
    const failed = await this.until(`${key} to hold "${match}"`, async () => {
      const open = await dialog.count();
      if (open > 1) {
        await this.click('searchDialog', 'cancel', dialog.last());
        pressedAt = Date.now();
        return undefined;
      }
      if (open === 0) {
        chosen = await this.value(screen, key, scope);
        if (okPressed) {
          if (chosen !== '' && chosen !== text) return true;
          // The record's name replaces the typed text a moment after OK; only a field that stays as it
          // was (an on_change cleared it, the OK was lost) is worked again.
          if (Date.now() - pressedAt < REPRESS_AFTER_MS) return undefined;
          okPressed = false;
        }
        // The dialog of a recent F2 may be on its way; a click on the field now would wait behind it.
        if (Date.now() - pressedAt < REPRESS_AFTER_MS) return undefined;
        if (chosen !== text) {
          // Typed, not filled: sao forgets the record a field holds only on a key press that changes its
          // text, and F2 on a field still holding one opens that record instead of the search. That key
          // press is swallowed (typing "CNY" over a currency left "NY"), so it is a Backspace of its own.
          await this.click(screen, key, scope);
          await this.page.keyboard.press('Control+A');
          await this.page.keyboard.press('Backspace');
          await this.page.keyboard.type(text);
        }
        await this.press(screen, key, 'F2', scope);
        pressedAt = Date.now();
        return undefined;
      }
      if (okPressed) return undefined;
      // The dialog opens before its search answers: wait for the row, or for a list that stays without it.
      const { rows } = await this.grid(dialog, 'searchDialog');
      const matching = rows.filter((cells) => cells.includes(match));
      if (matching.length === 1) {
        // Click the matching cell itself (other cells may be links sao opens in a new tab), then OK.
        await dialog.getByRole('cell', { name: match, exact: true }).click({ timeout: this.options.screenTimeoutMs });
        await this.click('searchDialog', 'ok', dialog);
        okPressed = true;
        pressedAt = Date.now();
        return undefined;
      }
      const now = JSON.stringify(rows);
      if (now !== listed) {
        listed = now;
        listedSince = Date.now();
      }
      if (matching.length === 0 && Date.now() - listedSince < EMPTY_RESULT_SETTLE_MS) return undefined;
      // A slow search also looks like "none" for a while: "none" counts only when a second search says so.
      if (matching.length === 0 && !searchedAgain) {
        searchedAgain = true;
        listed = '';
        await this.click('searchDialog', 'cancel', dialog);
        pressedAt = 0;
        return undefined;
      }
      refusal = matching.length === 0 ? `Tryton offers no ${describeField(field, key)} "${match}"` : `Tryton offers ${matching.length} records "${match}" for ${describeField(field, key)}`;
      await this.click('searchDialog', 'cancel', dialog);
      return true;
    }, { screens: 2 });
    if (failed) return failed;
    return refusal !== undefined ? { kind: 'refused', messages: [refusal] } : { kind: 'shown', screen: chosen };
  }


  /**
   * Polls `check` until it returns a value; meanwhile a message box (refusal, application error) or
   * the password prompt ends the wait as an interruption. Returns undefined when `check` succeeded.
   */
  async until(what: string, check: () => Promise<true | undefined>, options: { whileLoggingIn?: boolean; screens?: number } = {}): Promise<TrytonInterruption | undefined> {
    // `screens`: a wait that spans that many screens (a search made twice) gets that many screen timeouts.
    const waitMs = this.options.screenTimeoutMs * (options.screens ?? 1);
    const deadline = Date.now() + waitMs;
    for (;;) {
      const interruption = await this.interruption();
      // While logging in, the password prompt is the step in progress, not an expired session.
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
    const crash = dialogs.filter({ has: this.locate('messages', 'applicationError') });
    if ((await crash.count()) > 0) {
      const detail = ((await crash.locator('pre').first().textContent().catch(() => '')) ?? '').trim().split('\n').slice(-1)[0] ?? '';
      await this.dismiss('close', crash);
      return { kind: 'erp_error', detail };
    }
    // sao's "save changes?" question is an alert box too, but a question, not a refusal (closeTabs answers it).
    const boxes = dialogs.filter({ has: this.locate('messages', 'alert') }).filter({ hasNot: this.locate('messages', 'discardChanges') });
    if ((await boxes.count()) > 0) {
      const box = boxes.last();
      const alert = this.locate('messages', 'alert', box);
      const parts = await alert.evaluate((el) => [el.querySelector('h4')?.textContent ?? '', ...[...el.querySelectorAll(':scope > span:not(.sr-only)')].map((s) => s.textContent ?? '')]);
      await this.dismiss('ok', box);
      return { kind: 'refused', messages: parts.map((p) => p.trim()).filter((p) => p !== '') };
    }
    // sao asks for the password again (and only that) when the session has ended.
    if ((await this.locate('login', 'password').count()) > 0) return { kind: 'session_expired' };
    return undefined;
  }

  /**
   * Closes a message box. Its buttons fade in after its text: a click that finds none yet is left for
   * the next look (the box is still there then), not taken for a changed screen.
   */
  private async dismiss(button: 'ok' | 'close', box: Locator): Promise<void> {
    await this.click('messages', button, box).catch((error: unknown) => {
      if (!(error instanceof ScreenChangedError)) throw error;
    });
  }

  /** Message boxes a verb before this one left open are not this verb's answer: closed unread. */
  private async dismissLeftovers(): Promise<void> {
    for (let i = 0; i < MAX_LEFTOVER_BOXES; i++) {
      const box = this.page.getByRole('dialog').filter({ visible: true }).filter({ has: this.locate('messages', 'alert') }).filter({ hasNot: this.locate('messages', 'discardChanges') });
      const crash = this.page.getByRole('dialog').filter({ visible: true }).filter({ has: this.locate('messages', 'applicationError') });
      if ((await box.count()) > 0) await this.dismiss('ok', box.last());
      else if ((await crash.count()) > 0) await this.dismiss('close', crash.last());
      else return;
      await this.page.waitForTimeout(POLL_MS);
    }
  }

  async screenshot(): Promise<Buffer | undefined> {
    return this.page.screenshot({ timeout: 5_000 }).catch(() => undefined);
  }

  private spec<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): TrytonLocatorSpec {
    const locators = this.map.screens[screen].locators as Record<string, TrytonLocatorSpec>;
    const spec = locators[key];
    if (!spec) throw new Error(`locator map ${this.map.layout} has no ${screen}.${key}`);
    return spec;
  }

  /**
   * Runs an action on the element by its label/role handle; if that finds nothing (or several) in
   * time, tries the field-name fallback; if that fails too the screen has changed: ScreenChangedError.
   * A message box over the screen is not drift: it is left for the caller's wait to report.
   */
  private async act<S extends TrytonScreenName, T>(screen: S, key: TrytonLocatorKey<S>, scope: Locator | undefined, action: (l: Locator) => Promise<T>): Promise<T> {
    const spec = this.spec(screen, key);
    let problem: string;
    try {
      return await action(resolve(scope ?? this.page, spec));
    } catch (error) {
      if (!isLocatorMiss(error)) throw error;
      problem = /strict mode violation/i.test(String(error)) ? 'matches more than one element' : 'finds no element';
    }
    const fallback = 'fallbackField' in spec && spec.fallbackField ? (scope ?? this.page).locator(`[name="${spec.fallbackField}"]`).filter({ visible: true }) : undefined;
    if (fallback !== undefined && (await fallback.count()) === 1) return action(fallback);
    const interruption = await this.interruption();
    if (interruption) throw new SaoInterrupted(interruption);
    throw new ScreenChangedError({
      screen,
      locator: describe(key, spec),
      layout: this.map.layout,
      url: this.page.url(),
      problem,
      screenshot: await this.screenshot(),
    });
  }
}

/** A message box came up where an element was expected; the verb turns it into its outcome. */
export class SaoInterrupted extends Error {
  constructor(readonly interruption: TrytonInterruption) {
    super(`sao showed ${interruption.kind}`);
    this.name = 'SaoInterrupted';
  }
}

/** Runs a verb; a message box where an element was expected becomes the verb's outcome, not an exception. */
export async function guard<T>(work: () => Promise<TrytonOutcome<T>>): Promise<TrytonOutcome<T>> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SaoInterrupted) return error.interruption;
    throw error;
  }
}

function resolve(root: Page | Locator, spec: TrytonLocatorSpec): Locator {
  if ('label' in spec) return root.getByLabel(spec.label, { exact: typeof spec.label === 'string' }).filter({ visible: true });
  if ('role' in spec) {
    const options = spec.name === undefined ? {} : { name: spec.name, exact: typeof spec.name === 'string' };
    return root.getByRole(spec.role, options);
  }
  return root.getByText(spec.text, { exact: typeof spec.text === 'string' }).filter({ visible: true });
}

function describe(key: string, spec: TrytonLocatorSpec): string {
  if ('label' in spec) return `${key} (label ${JSON.stringify(String(spec.label))})`;
  if ('role' in spec) return `${key} (${spec.role}${spec.name === undefined ? '' : ` ${JSON.stringify(String(spec.name))}`})`;
  return `${key} (text ${String(spec.text)})`;
}

/** A field as the clerk sees it: its label without the colon ("Product"). */
function describeField(spec: TrytonLocatorSpec, key: string): string {
  const label = 'label' in spec ? spec.label : 'name' in spec ? spec.name : undefined;
  return typeof label === 'string' ? label.replace(/:$/, '') : key;
}

function isNumeric(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text.trim());
}



function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unknown error';
}
