import type { Locator, Page } from 'playwright-core';
import { isLocatorMiss } from '../playwright-errors.ts';
import { ScreenChangedError } from '../screen-changed-error.ts';
import type { TrytonLocatorKey, TrytonLocatorMap, TrytonLocatorSpec, TrytonScreenName } from './locator-map.ts';
import { SaoInterrupted } from './sao-interrupted.ts';
import type { TrytonInterruption } from './tryton-outcome.ts';

/** How long a screenshot for a drift report may take; a page too busy for it gets a report without one. */
const SCREENSHOT_TIMEOUT_MS = 5_000;

/**
 * sao's elements by the locator map: the business-facing handle (label, role, text) first, the Tryton
 * field name (`name="party"`) when the label drifted, and a ScreenChangedError naming the screen and
 * locator when neither finds its element.
 */
export class SaoElements {
  constructor(
    private readonly page: Page,
    readonly map: TrytonLocatorMap,
    /** The message box over the screen, if any: an element hidden by one is an interruption, not drift. */
    private readonly interruption: () => Promise<TrytonInterruption | undefined>,
  ) {}

  /** The element for a screen's key, inside `scope` (default: the page), visible ones only. */
  locate<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Locator {
    return primary(scope ?? this.page, this.spec(screen, key));
  }

  /**
   * Runs an action on the element by its label/role handle; if that finds nothing (or several) in
   * time, tries the field-name fallback; if that fails too the screen has changed: ScreenChangedError.
   * A message box over the screen is not drift: it is left for the caller's wait to report.
   */
  async act<S extends TrytonScreenName, T>(screen: S, key: TrytonLocatorKey<S>, scope: Locator | undefined, action: (l: Locator) => Promise<T>): Promise<T> {
    const spec = this.spec(screen, key);
    let problem: string;
    try {
      return await action(primary(scope ?? this.page, spec));
    } catch (error) {
      if (!isLocatorMiss(error)) throw error;
      problem = /strict mode violation/i.test(String(error)) ? 'matches more than one element' : 'finds no element';
    }
    const byField = fallback(scope ?? this.page, spec);
    if (byField !== undefined && (await byField.count()) === 1) return action(byField);
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

  /** For the selectors check: whether a locator finds exactly one element, only by its fallback, several or none. */
  async probe<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>, scope?: Locator): Promise<'holds' | 'fallback' | 'ambiguous' | 'missing'> {
    const spec = this.spec(screen, key);
    const found = await primary(scope ?? this.page, spec).count();
    if (found === 1) return 'holds';
    if (found > 1) return 'ambiguous';
    const byField = fallback(scope ?? this.page, spec);
    return byField !== undefined && (await byField.count()) === 1 ? 'fallback' : 'missing';
  }

  /** A locator as drift messages and the selectors check print it: `party (label "Party:")`. */
  describe<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): string {
    return describe(key, this.spec(screen, key));
  }

  /** A field as the clerk sees it: its label without the colon ("Product"). */
  fieldName<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): string {
    const spec = this.spec(screen, key);
    const label = 'label' in spec ? spec.label : 'name' in spec ? spec.name : undefined;
    return typeof label === 'string' ? label.replace(/:$/, '') : key;
  }

  async screenshot(): Promise<Buffer | undefined> {
    return this.page.screenshot({ timeout: SCREENSHOT_TIMEOUT_MS }).catch(() => undefined);
  }

  private spec<S extends TrytonScreenName>(screen: S, key: TrytonLocatorKey<S>): TrytonLocatorSpec {
    const locators = this.map.screens[screen].locators as Record<string, TrytonLocatorSpec>;
    const spec = locators[key];
    if (!spec) throw new Error(`locator map ${this.map.layout} has no ${screen}.${key}`);
    return spec;
  }
}

function primary(root: Page | Locator, spec: TrytonLocatorSpec): Locator {
  if ('label' in spec) return root.getByLabel(spec.label, { exact: typeof spec.label === 'string' }).filter({ visible: true });
  if ('role' in spec) {
    const options = spec.name === undefined ? {} : { name: spec.name, exact: typeof spec.name === 'string' };
    return root.getByRole(spec.role, options);
  }
  return root.getByText(spec.text, { exact: typeof spec.text === 'string' }).filter({ visible: true });
}

function fallback(root: Page | Locator, spec: TrytonLocatorSpec): Locator | undefined {
  return 'fallbackField' in spec && spec.fallbackField ? root.locator(`[name="${spec.fallbackField}"]`).filter({ visible: true }) : undefined;
}

function describe(key: string, spec: TrytonLocatorSpec): string {
  if ('label' in spec) return `${key} (label ${JSON.stringify(String(spec.label))})`;
  if ('role' in spec) return `${key} (${spec.role}${spec.name === undefined ? '' : ` ${JSON.stringify(String(spec.name))}`})`;
  return `${key} (text ${String(spec.text)})`;
}
