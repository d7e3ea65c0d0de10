import type { Page } from 'playwright-core';

/**
 * The layout version a page declares. Legacy suites stamp it in a <meta> tag (a <meta> has no role or
 * label, so this is the one place a CSS selector is the business handle).
 */
export async function detectLayout(page: Page, metaName: string): Promise<string | undefined> {
  const meta = page.locator(`meta[name="${metaName}"]`);
  if ((await meta.count()) === 0) return undefined;
  return (await meta.getAttribute('content')) ?? undefined;
}
