import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../core/browser/launch-chromium.ts';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { checkAcmeScreens, locatorMapFor, type AcmeLocatorMap } from '../../../selectors/acme-suite/index.ts';
import { runSelectorsCheck } from '../helpers/selectors-check-cli.ts';
import { SUITE_TODAY } from './keying-harness.ts';

/** `orderdesk selectors check --json` against the suite (or a proxy in front of it at `crmUrl`). */
function runCheck(crmUrl: string, suite: AcmeSuiteHandle): ReturnType<typeof runSelectorsCheck> {
  return runSelectorsCheck({ CRM_URL: crmUrl, CRM_USER: suite.credentials.user, CRM_PASSWORD: suite.credentials.password });
}

/**
 * A page variant: a proxy in front of the suite that renames the Amount field (label and id), the way
 * a CRM upgrade would, so the check meets a screen that really changed.
 */
function startRenamingProxy(target: string): Promise<Server> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks);
        const headers = { ...answer.headers };
        if ((answer.headers['content-type'] ?? '').includes('text/html')) {
          body = Buffer.from(body.toString('utf8').replace(/>Amount</g, '>Order value<').replace(/ctl00_Main_txtAmount/g, 'ctl00_Main_txtOrderValue'));
          headers['content-length'] = String(body.length);
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('orderdesk selectors check', () => {
  const suites: AcmeSuiteHandle[] = [];
  let browser: Browser;
  let proxy: Server | undefined;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    proxy?.close();
    await browser?.close();
    await Promise.all(suites.map((s) => s.close()));
  });

  it.each(['v1', 'v2'] as const)('finds every locator of layout %s on the live screens and exits 0', { timeout: 60_000 }, async (layout) => {
    const suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY, faults: { layout } });
    suites.push(suite);
    const { code, report } = await runCheck(suite.url, suite);
    expect(report.broken).toEqual([]);
    expect(code).toBe(0);
    expect(report.layout).toBe(layout);
    const held = report.results.filter((r) => r.status === 'holds').map((r) => `${r.screen}.${r.locator.split(' ')[0]}`);
    for (const must of ['login.userName', 'orderEntryProduct.amount', 'orderEntryReview.confirm', 'invoices.exportToExcel', 'statement.balance']) expect(held).toContain(must);
    // Nothing was confirmed: the walk must never create an order.
    expect(((await (await fetch(`${suite.url}/__fixture/orders`)).json()) as unknown[]).length).toBe(0);
  });

  it('fails with exit 1 naming the screen and locator when a page changed under it', { timeout: 60_000 }, async () => {
    const suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY });
    suites.push(suite);
    proxy = await startRenamingProxy(suite.url);
    const { code, report } = await runCheck(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, suite);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    // Seen twice: by the probe of step 2, and by the order walk that then tried to type the amount.
    expect(new Set(report.broken.map((b) => `${b.screen} ${b.locator} ${b.status}`))).toEqual(new Set(['orderEntryProduct amount (label "Amount") missing']));
    expect(report.broken.map((b) => b.detail ?? '').join(' ')).toContain('nor does its fallback id #ctl00_Main_txtAmount');
  });

  it('reports a deliberately broken locator map, and a label drift that only the fallback id survives', { timeout: 60_000 }, async () => {
    const suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY });
    suites.push(suite);
    const v1 = locatorMapFor('v1');
    const broken: AcmeLocatorMap = structuredClone(v1);
    broken.screens.invoices.locators.exportToExcel = { role: 'button', name: 'Download as Excel' };
    broken.screens.orderSearch.locators.externalReference = { label: 'Client reference', fallbackId: 'ctl00_Main_txtRefSearch' };
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const page = await context.newPage();
      const report = await checkAcmeScreens(page, { baseUrl: suite.url, ...suite.credentials, screenTimeoutMs: 10_000, locatorMaps: { v1: broken } });
      expect(new Set(report.broken.map((b) => `${b.screen} ${b.locator} ${b.status}`))).toEqual(new Set(['invoices exportToExcel (button "Download as Excel") missing']));
      expect(report.broken.find((b) => b.screenshot)?.screenshot?.subarray(1, 4).toString()).toBe('PNG');
      expect(report.results).toContainEqual(expect.objectContaining({ screen: 'orderSearch', locator: 'externalReference (label "Client reference")', status: 'fallback' }));
    } finally {
      await context.close();
    }
  });
});
