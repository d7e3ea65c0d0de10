import type { Locator } from 'playwright-core';
import { isClosedError } from '../playwright-errors.ts';
import { ScreenChangedError } from '../screen-changed-error.ts';
import type { TrytonLocatorKey, TrytonLocatorSpec, TrytonScreenName } from './locator-map.ts';
import type { SaoTab } from './sao-tab.ts';
import type { TrytonInterruption, TrytonOutcome } from './tryton-outcome.ts';

/**
 * A list shown under a tab domain picked after the tab opened (the Receivable tab of the lines) gives no
 * sign when its search answers; one that is not the answer looked for is believed once it has stayed the
 * same this long with sao not busy (sao shows "Processing..." after half a second of waiting).
 */
const LIST_SETTLE_MS = 1_500;
/** After a press of "More", how long to watch the table alone for the next 20 rows, and how often. */
const MORE_ROWS_WAIT_MS = 5_000;
const MORE_ROWS_POLL_MS = 50;
/** Closing a tab: how long one click may wait for its element, and when to ask again if the tab stays. */
const CLOSE_CLICK_TIMEOUT_MS = 2_000;
const CLOSE_AGAIN_AFTER_MS = 3_000;
/** sao draws 20 rows per "More"; a list still growing after this many presses is not ending. */
const MAX_MORE_PRESSES = 500;

/** The screens that are a sao list tab of their own: a tab menu under the tab's name, a grid, columns. */
export type SaoListScreen = {
  [S in TrytonScreenName]: 'grid' | 'tabMenu' extends TrytonLocatorKey<S> ? S : never;
}[TrytonScreenName];

/** A list's columns by business name (the map's columnheader keys). */
export type SaoListColumn<S extends SaoListScreen> = Exclude<TrytonLocatorKey<S>, 'grid' | 'tabMenu'>;

export type SaoListRow<C extends string> = Record<C, string>;

export interface SaoListReadOptions<C extends string> {
  what: string;
  columns: readonly C[];
  /**
   * For a list searched again after its tab opened (another tab domain): whether the rows drawn are
   * that search's answer (e.g. they show an invoice expected there). Such a list is taken at once when
   * they are, and after it has settled when not (it may be the answer, e.g. empty).
   */
  isAnswer?: (rows: SaoListRow<C>[]) => boolean;
}

/**
 * The list of the sao tab now showing, read whole: every record the search found, drawn (sao draws 20
 * rows and a "More" button), then its cells by column. A read starts once the tab's search has answered
 * (sao then disables the filter bar's Previous page button, enabled while a new tab waits) and ends when
 * the record count badge and the rows drawn agree, so it never takes a half-drawn list for the whole,
 * nor the empty list a new tab shows before its answer for an empty answer.
 */
export class SaoList<S extends SaoListScreen> {
  constructor(
    private readonly tab: SaoTab,
    private readonly screen: S,
  ) {}

  /** Whether the tab showing is this list's (its menu carries the tab's name). */
  async isShowing(): Promise<boolean> {
    return (await this.locate('tabMenu', this.tab.panel()).count()) === 1;
  }

  async read<C extends SaoListColumn<S>>(options: SaoListReadOptions<C>): Promise<TrytonOutcome<SaoListRow<C>[]>> {
    const panel = this.tab.panel();
    let rows: SaoListRow<C>[] = [];
    let indexes: Map<C, number> | undefined;
    let drift: ScreenChangedError | undefined;
    let truncated: string | undefined;
    let lastSeen = '';
    let stableSince = Date.now();
    let presses = 0;
    let answered = false;
    const table = this.locate('grid', panel);
    const failed = await this.tab.until(options.what, async () => {
      // Checked until seen once: within one read the tab stays, and its search stays answered.
      if (!answered) {
        if (!(await this.isShowing()) || (await table.count()) !== 1) return undefined;
        const previousPage = this.tab.locate('listTab', 'previousPage', panel);
        if ((await previousPage.count()) !== 1 || !(await previousPage.isDisabled())) return undefined;
        answered = true;
      }
      // One round trip for the rows and whether sao has more to draw: a busy machine pays per query.
      const drawn = await table.evaluate((t) => ({
        cells: [...t.querySelectorAll('tbody tr')].filter((r) => !r.classList.contains('more-row')).map((r) => [...r.querySelectorAll(':scope > td')].map((el) => (el.textContent ?? '').trim())),
        more: t.querySelectorAll('tbody tr.more-row').length > 0,
      }));
      if (drawn.more) {
        if (++presses > MAX_MORE_PRESSES) {
          truncated = `still growing after ${MAX_MORE_PRESSES} presses of More`;
          return true;
        }
        // sao sometimes draws two identical "More" rows (its scroll observer and a redraw race); either
        // one draws the next 20 rows, so the first is pressed. It may vanish under the click: sao also
        // presses it itself when it scrolls into view.
        await this.tab
          .locate('list', 'more', table)
          .first()
          .click({ timeout: 1_000 })
          .catch((error: unknown) => {
            if (isClosedError(error)) throw error;
          });
        // The next rows come in a moment (sao reads their records first); waiting for them here, on the
        // table alone, spares a whole round of checks per 20 rows. A message box is still caught by the
        // next round: this wait is short.
        const deadline = Date.now() + MORE_ROWS_WAIT_MS;
        while (Date.now() < deadline) {
          const now = await table.evaluate((t) => ({ rows: t.querySelectorAll('tbody tr:not(.more-row)').length, more: t.querySelectorAll('tbody tr.more-row').length > 0 }));
          if (now.rows !== drawn.cells.length || !now.more) break;
          await new Promise((r) => setTimeout(r, MORE_ROWS_POLL_MS));
        }
        return undefined;
      }
      const count = parseRecordCount(await this.tab.locate('listTab', 'recordCount', panel).textContent({ timeout: 1_000 }));
      const cells = drawn.cells;
      if (!count || cells.length !== count.held) return undefined;
      // sao loads at most 1,000 records per search (its limit); the badge then says "… of <all>".
      if (count.found > count.held) {
        truncated = `sao holds ${count.held} of ${count.found} records`;
        return true;
      }
      try {
        indexes ??= await this.columnIndexes(table, options.columns);
      } catch (error) {
        if (!(error instanceof ScreenChangedError)) throw error;
        drift = error;
        return true;
      }
      const columns = indexes;
      rows = cells.map((c) => Object.fromEntries(options.columns.map((key) => [key, c[columns.get(key) ?? -1] ?? ''])) as SaoListRow<C>);
      if (!options.isAnswer || options.isAnswer(rows)) return true;
      const seen = JSON.stringify([count, cells]);
      if (seen !== lastSeen || (await this.tab.locate('listTab', 'busy').count()) > 0) {
        lastSeen = seen;
        stableSince = Date.now();
        return undefined;
      }
      return Date.now() - stableSince >= LIST_SETTLE_MS ? true : undefined;
    });
    if (drift) throw drift;
    if (truncated) return { kind: 'no_response', detail: `${options.what}: the list is not complete (${truncated})` };
    return failed ?? { kind: 'shown', screen: rows };
  }

  /** Ticks the list's select-all box once every row is drawn; sao selects only the rows it has drawn. */
  async selectAll(): Promise<TrytonInterruption | undefined> {
    const panel = this.tab.panel();
    await this.tab.selectAll(panel);
    const table = this.locate('grid', panel);
    return this.tab.until('every row selected', async () =>
      (await table.evaluate((t) => {
        const boxes = [...t.querySelectorAll('tbody tr:not(.more-row) input[type="checkbox"]')] as HTMLInputElement[];
        return t.querySelectorAll('tbody tr.more-row').length === 0 && boxes.length > 0 && boxes.every((b) => b.checked);
      }))
        ? true
        : undefined,
    );
  }

  /** Closes this list's tab through its menu (Close Tab), so tabs do not pile up and none is reused stale. */
  async close(): Promise<TrytonInterruption | undefined> {
    const panel = this.tab.panel();
    let pressedAt = 0;
    return this.tab.until(`the ${this.screen} tab to close`, async () => {
      if ((await this.locate('tabMenu', panel).count()) === 0) return true;
      // The menu opens on the click, so its entry is clicked right after; asked again only if the tab
      // is still there a while later (sao was busy and missed it).
      if (Date.now() - pressedAt < CLOSE_AGAIN_AFTER_MS) return undefined;
      pressedAt = Date.now();
      await this.locate('tabMenu', panel).click({ timeout: CLOSE_CLICK_TIMEOUT_MS });
      await this.tab.locate('listTab', 'closeTab', panel).click({ timeout: CLOSE_CLICK_TIMEOUT_MS });
      return undefined;
    });
  }

  /** A cell that does not read as its column's kind of value (a date, an amount): the screen has changed. */
  async unreadable(column: SaoListColumn<S>, shown: string): Promise<ScreenChangedError> {
    return this.drift(column, `shows "${shown}", which does not read as its kind of value`);
  }

  /** The tab name this list is opened under: the map's title for its screen, which also names its menu. */
  static tabName(tab: SaoTab, screen: SaoListScreen): string {
    const title = tab.map.screens[screen].title;
    if (typeof title !== 'string') throw new Error(`locator map ${tab.layout}: ${screen} needs a tab name, not a pattern`);
    return title;
  }

  private locate(key: 'grid' | 'tabMenu' | SaoListColumn<S>, scope: Locator): Locator {
    return this.tab.locate(this.screen, key as TrytonLocatorKey<S>, scope);
  }

  /** Where each column is, by its header as the map names it; a header gone or doubled is drift. */
  private async columnIndexes<C extends SaoListColumn<S>>(table: Locator, columns: readonly C[]): Promise<Map<C, number>> {
    const found = new Map<C, number>();
    for (const key of columns) {
      const header = this.locate(key, table);
      const n = await header.count();
      if (n !== 1) throw await this.drift(key, n === 0 ? 'finds no column' : 'matches more than one column');
      found.set(key, await header.evaluate((th) => (th as HTMLTableCellElement).cellIndex));
    }
    return found;
  }

  private async drift(key: SaoListColumn<S>, problem: string): Promise<ScreenChangedError> {
    const spec = (this.tab.map.screens[this.screen].locators as Record<string, TrytonLocatorSpec>)[key];
    return new ScreenChangedError({
      screen: this.screen,
      locator: `${key} (${spec && 'name' in spec ? String(spec.name) : JSON.stringify(spec)})`,
      layout: this.tab.layout,
      url: this.tab.options.baseUrl,
      problem,
      screenshot: await this.tab.screenshot(),
    });
  }
}

/** "_ / 75", "3 / 75" or "1 / 1000 of 1500": the records sao holds, and found when it holds fewer. */
function parseRecordCount(text: string | null): { held: number; found: number } | undefined {
  const m = /^(?:_|\d+) \/ (\d+)(?:\D+(\d+))?/.exec((text ?? '').trim());
  if (!m) return undefined;
  const held = Number(m[1]);
  return { held, found: m[2] === undefined ? held : Number(m[2]) };
}
