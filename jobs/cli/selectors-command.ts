import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { launchChromium } from '../../core/browser/launch-chromium.ts';
import { crmTargetFor } from '../../selectors/crm-targets.ts';
import type { LocatorReport, SelectorsCheckReport } from '../../selectors/selectors-check-report.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

const MARKS: Record<LocatorReport['status'], string> = {
  holds: 'ok      ',
  fallback: 'FALLBACK',
  ambiguous: 'BROKEN  ',
  missing: 'BROKEN  ',
  not_reached: 'skipped ',
};

function printReport(report: SelectorsCheckReport, shots: Map<LocatorReport, string>): void {
  const out = process.stdout;
  out.write(`${report.system}, layout ${report.layout}\n`);
  for (const r of report.results) {
    const broken = report.broken.includes(r);
    const mark = broken && r.status === 'not_reached' ? 'BROKEN  ' : MARKS[r.status];
    const note = r.status === 'holds' ? '' : r.status === 'fallback' ? ' (label/role drifted; found only by its fallback id)' : r.detail ? ` — ${r.detail}` : '';
    out.write(`  ${mark} ${r.screen}: ${r.locator}${note}${shots.has(r) ? ` [screenshot ${shots.get(r)}]` : ''}\n`);
  }
  out.write(report.broken.length === 0 ? 'all locators hold\n' : `${report.broken.length} broken\n`);
}

/** `orderdesk selectors check`: walks the live CRM read-only and says which locators hold. */
export function registerSelectorsCommand(program: Command): void {
  const selectors = program.command('selectors').description('the page objects and locator maps of the target systems');
  selectors
    .command('check')
    .description('walk every CRM screen read-only (never pressing Confirm or Save) and report which locators hold; exits 1 on any break')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { json?: boolean }, command: Command) => {
      let settings;
      let target;
      try {
        settings = settingsFor(command);
        target = crmTargetFor(settings.crm, settings.keying.screenTimeoutMs, 'check the screens');
      } catch (error) {
        exitOnConfigError(error);
      }
      const { browser: browserSettings, keying, dataDir } = settings;
      const browser = await launchChromium({ ...(browserSettings.chromiumPath ? { chromiumPath: browserSettings.chromiumPath } : {}), headless: browserSettings.headless });
      let report: SelectorsCheckReport;
      try {
        const context = await browser.newContext({ acceptDownloads: true });
        const page = await context.newPage();
        page.setDefaultTimeout(keying.screenTimeoutMs);
        report = await target.checkScreens({ page, screenTimeoutMs: keying.screenTimeoutMs });
      } finally {
        await browser.close().catch(() => undefined);
      }
      const shots = new Map<LocatorReport, string>();
      const withShots = report.broken.filter((r) => r.screenshot);
      if (withShots.length > 0) {
        const dir = join(dataDir, 'artifacts', 'selectors-check', new Date().toISOString().replace(/[:.]/g, '-'));
        await mkdir(dir, { recursive: true });
        for (const [i, r] of withShots.entries()) {
          const path = join(dir, `${i + 1}-${r.screen}.png`);
          await writeFile(path, r.screenshot as Buffer);
          shots.set(r, path);
        }
      }
      if (options.json) {
        const plain = (r: LocatorReport) => ({ screen: r.screen, locator: r.locator, status: r.status, ...(r.detail ? { detail: r.detail } : {}), ...(shots.has(r) ? { screenshot: shots.get(r) } : {}) });
        process.stdout.write(`${JSON.stringify({ system: report.system, layout: report.layout, ok: report.broken.length === 0, results: report.results.map(plain), broken: report.broken.map(plain) })}\n`);
      } else {
        printReport(report, shots);
      }
      process.exitCode = report.broken.length === 0 ? 0 : 1;
    });
}
