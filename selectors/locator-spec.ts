import type { Locator, Page } from 'playwright-core';

/** ARIA roles our maps use; Playwright's getByRole accepts these names. */
export type LocatorRole = 'button' | 'link' | 'heading' | 'table' | 'alert' | 'status' | 'checkbox' | 'combobox' | 'textbox';

/**
 * One element of a screen, as data. The business-facing handle comes first (a label, a role with its
 * accessible name, a visible text); the generated id is only a fallback for when that handle drifts.
 */
export type LocatorSpec =
  | { label: string; fallbackId?: string }
  | { role: LocatorRole; name?: string; /** A table is known by one of its column headers. */ withColumn?: string; fallbackId?: string }
  | { text: string | RegExp; fallbackId?: string };

/** A screen: the <h1> that identifies it and its elements by business name. */
export interface ScreenSpec<K extends string> {
  title: string | RegExp;
  locators: Record<K, LocatorSpec>;
}

/** The primary (label/role/text) locator of a spec; exact names, never positional. */
export function primaryLocator(page: Page, spec: LocatorSpec): Locator {
  if ('label' in spec) return page.getByLabel(spec.label, { exact: true });
  if ('role' in spec) {
    const byRole = page.getByRole(spec.role, spec.name === undefined ? {} : { name: spec.name, exact: true });
    return spec.withColumn === undefined ? byRole : byRole.filter({ has: page.getByRole('columnheader', { name: spec.withColumn, exact: true }) });
  }
  return page.getByText(spec.text, { exact: typeof spec.text === 'string' });
}

export function fallbackLocator(page: Page, spec: LocatorSpec): Locator | undefined {
  return spec.fallbackId === undefined ? undefined : page.locator(`[id="${spec.fallbackId}"]`);
}

/** How a spec reads in a drift message: `label "Amount"`, `button "Next"`. */
export function describeLocator(key: string, spec: LocatorSpec): string {
  if ('label' in spec) return `${key} (label "${spec.label}")`;
  if ('role' in spec) {
    const name = spec.name === undefined ? '' : ` "${spec.name}"`;
    const column = spec.withColumn === undefined ? '' : ` with column "${spec.withColumn}"`;
    return `${key} (${spec.role}${name}${column})`;
  }
  return `${key} (text ${String(spec.text)})`;
}
