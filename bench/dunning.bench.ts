/**
 * Dunning benchmark: `npx tsx bench/dunning.bench.ts [invoices=10000] [concurrency=3]`. Not part of `npm test`.
 * A real run on the local stack against an Acme suite seeded with that many invoices: ERP export download
 * (timed apart), planning, the statement re-read and letter for each customer due one, records in Redis,
 * and the finance report (workbook + browser-rendered chart) queued. Goal: <= 30 s for 10,000 invoices.
 * `concurrency` is dunning.concurrency (customers in hand at once, one browser context each; default the setting's).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../core/config/load-settings.ts';
import { startAcmeSuite } from '../fixtures/acme-suite/index.ts';
import { LocalStack } from '../fixtures/local-stack/index.ts';
import { DunningService } from '../jobs/dunning.job.ts';
import { Runtime } from '../jobs/runtime.ts';
import { printHeadline } from './bench-result.ts';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
const invoices = Number(arg('invoices') ?? '10000');
const stack = await LocalStack.start();
const suite = await startAcmeSuite({ port: 0, today: '2026-11-23', invoiceCount: invoices });
const info = stack.info();
const finance = { address: `finance-bench@${info.sandbox.domain}`, password: info.sandbox.password };
const dir = mkdtempSync(join(tmpdir(), 'orderdesk-dunning-bench-'));
const policyFile = join(dir, 'dunning.yaml');
writeFileSync(policyFile, readFileSync('config/dunning.yaml', 'utf8').replace(/fromAddress: .*/, `fromAddress: ${finance.address}`).replace(/reportTo: .*/, `reportTo: [${finance.address}]`));
const settings = loadSettings({
  env: {
    REDIS_URL: info.redis.url,
    ORDERDESK_REDIS_PREFIX: `bench-${randomUUID().slice(0, 6)}`,
    CRM_URL: suite.url,
    CRM_USER: suite.credentials.user,
    CRM_PASSWORD: suite.credentials.password,
    IMAP_HOST: info.imap.host,
    IMAP_PORT: String(info.imap.port),
    SMTP_HOST: info.smtp.host,
    SMTP_PORT: String(info.smtp.port),
    SHARED_MAILBOX_PASSWORD: 'unused',
    DUNNING_MAILBOX_PASSWORD: finance.password,
    LOG_LEVEL: 'warn',
  },
});
const concurrency = Number(arg('concurrency') ?? settings.dunning.concurrency);
const runtime = await Runtime.create({ ...settings, dunning: { ...settings.dunning, policyFile, concurrency } });
const service = DunningService.create(runtime);
try {
  const started = performance.now();
  const outcome = await service.run('2026-11-23', false);
  const total = (performance.now() - started) / 1000;
  console.log(`invoices in the ERP: ${outcome.invoiceCount} (read via ${outcome.readVia}); customers in hand at once: ${concurrency}`);
  console.log(`ERP export download + parse: ${(outcome.downloadMs / 1000).toFixed(2)} s`);
  console.log(`letters sent: ${outcome.letters.length}, exceptions: ${outcome.exceptions.length}, report: ${outcome.reportMailId}`);
  console.log(`whole run incl. report queued: ${total.toFixed(2)} s; without the download: ${(total - outcome.downloadMs / 1000).toFixed(2)} s (goal <= 30 s)`);
  const withoutDownload = total - outcome.downloadMs / 1000;
  printHeadline({
    bench: `dunning, ${invoices} invoices`,
    figure: `${withoutDownload.toFixed(2)} s to report and letters (${outcome.letters.length}) without the ${(outcome.downloadMs / 1000).toFixed(2)} s download; concurrency ${concurrency}`,
    goal: '<= 30 s for 10,000 invoices, download apart',
    met: withoutDownload <= 30,
  });
} finally {
  await service.close();
  await runtime.close();
  await suite.close();
  await stack.close();
}
