import type { Locator } from 'playwright-core';
import { ScreenChangedError } from './screen-changed-error.ts';
import type { LocatorReport, LocatorStatus, SelectorsCheckReport } from './selectors-check-report.ts';

/** What both targets' locator maps are: screens by name, each with its locators by business name. */
interface LocatorMapShape {
  screens: Record<string, { locators: object }>;
}
type ScreenOf<M extends LocatorMapShape> = keyof M['screens'] & string;
type KeyOf<M extends LocatorMapShape, S extends ScreenOf<M>> = keyof M['screens'][S]['locators'] & string;

/** What the walk needs of a target's elements: to probe a locator, to name it, and a picture of the page. */
export interface ProbedElements<M extends LocatorMapShape> {
  probe<S extends ScreenOf<M>>(screen: S, key: KeyOf<M, S>, scope?: Locator): Promise<Exclude<LocatorStatus, 'not_reached'>>;
  describe<S extends ScreenOf<M>>(screen: S, key: KeyOf<M, S>): string;
  screenshot(): Promise<Buffer | undefined>;
}

/**
 * One selectors check's walk over a target's screens, whichever system: it records what each locator
 * did, keeps walking past a section that drifted or could not be reached, and ends in the report.
 */
export class SelectorsCheckWalk<M extends LocatorMapShape> {
  private readonly results: LocatorReport[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly elements: ProbedElements<M>) {}

  record(report: LocatorReport): void {
    this.reported.add(`${report.screen}.${report.locator}`);
    this.results.push(report);
  }

  async probe<S extends ScreenOf<M>>(screen: S, keys: KeyOf<M, S>[], scope?: Locator): Promise<void> {
    for (const key of keys) this.record({ screen, locator: this.elements.describe(screen, key), status: await this.elements.probe(screen, key, scope) });
  }

  /** Locators a step of the walk proved by using them, where probing them is not possible afterwards. */
  held<S extends ScreenOf<M>>(screen: S, keys: KeyOf<M, S>[], why: string): void {
    for (const key of keys) this.record({ screen, locator: this.elements.describe(screen, key), status: 'holds', detail: why });
  }

  /** Locators only a state the walk cannot (or must not) bring about shows. */
  notReached<S extends ScreenOf<M>>(screen: S, keys: KeyOf<M, S>[], why: string): void {
    for (const key of keys) this.record({ screen, locator: this.elements.describe(screen, key), status: 'not_reached', detail: why });
  }

  /** One part of the walk; a drift or an unreachable screen is recorded and the walk goes on. */
  async section(screen: ScreenOf<M>, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof ScreenChangedError) {
        this.record({ screen: error.screen, locator: error.locator, status: 'missing', detail: error.message, ...(error.screenshot ? { screenshot: error.screenshot } : {}) });
      } else {
        const screenshot = await this.elements.screenshot();
        this.record({ screen, locator: '(screen)', status: 'not_reached', detail: error instanceof Error ? error.message.split('\n')[0] : String(error), ...(screenshot ? { screenshot } : {}) });
      }
    }
  }

  /** Everything in the map the walk did not report, as not reached, so that a new screen cannot hide from the check. */
  notWalked(map: M): void {
    for (const [screen, spec] of Object.entries(map.screens) as [ScreenOf<M>, { locators: object }][]) {
      for (const key of Object.keys(spec.locators) as KeyOf<M, typeof screen>[]) {
        const locator = this.elements.describe(screen, key);
        if (!this.reported.has(`${screen}.${locator}`)) this.record({ screen, locator, status: 'not_reached', detail: 'not on the walk' });
      }
    }
  }

  /** The report; broken are locators missing or ambiguous, and screens the walk could not reach. */
  report<L extends string>(system: string, layout: L): SelectorsCheckReport & { layout: L } {
    const broken = this.results.filter((r) => r.status === 'missing' || r.status === 'ambiguous' || (r.status === 'not_reached' && r.locator === '(screen)'));
    return { system, layout, results: this.results, broken };
  }
}
