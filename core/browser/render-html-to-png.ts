import type { Page } from 'playwright-core';

/**
 * Renders a self-contained HTML page (inline SVG, no external assets) to PNG with the browser the bots
 * already run, so charts need no charting service or native image library. `selector` picks the element
 * to capture.
 */
export async function renderHtmlToPng(page: Page, html: string, selector: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'domcontentloaded' });
  return page.locator(selector).screenshot({ type: 'png' });
}
