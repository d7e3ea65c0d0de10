import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeSampleOrders, orderTable, tableXlsxBuffer, writeOrderCsv } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { createDropFileProcessor, scanDropFolder } from '../../../jobs/drop-folder.job.ts';
import { startSchedules } from '../../../jobs/schedules.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { startWorker, type QueueWorker } from '../../../jobs/workers.ts';
import { eventually, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

const run = promisify(execFile);
const stack = inject('stack');
const settings = testSettings(stack, sandboxMailbox(stack, 'orders'));

function taggedOrders(count: number) {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  return makeSampleOrders(count, 5).map((o, i) => ({ ...o, externalRef: `D${tag}-${i + 1}` }));
}

describe('the drop folder', () => {
  let runtime: Runtime;
  let worker: QueueWorker;
  const folder = mkdtempSync(join(tmpdir(), 'orderdesk-drop-'));
  beforeAll(async () => {
    runtime = await Runtime.create(settings);
    worker = startWorker(runtime, 'intake', createDropFileProcessor(runtime));
  });
  afterAll(async () => {
    await worker?.close();
    await runtime?.close();
  });

  it('claims a settled file, records its orders, and leaves it with its result workbook in processed/', async () => {
    const orders = taggedOrders(4);
    const path = join(folder, '门店订单.xlsx');
    writeFileSync(path, await tableXlsxBuffer([{ name: '订单', rows: orderTable(orders) }]));
    expect(await scanDropFolder(runtime, folder)).toBe(0); // too fresh: it may still be being copied
    const settled = new Date(Date.now() - 10_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(path, settled, settled);
    expect(await scanDropFolder(runtime, folder)).toBe(1);
    expect(existsSync(path)).toBe(false);

    const processed = await eventually('the file in processed/', async () => {
      const files = existsSync(join(folder, 'processed')) ? readdirSync(join(folder, 'processed')) : [];
      return files.length === 2 ? files : undefined;
    });
    const result = processed.find((f) => f.endsWith('.result.xlsx')) as string;
    expect(processed.find((f) => f.endsWith('--门店订单.xlsx'))).toBeDefined();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(folder, 'processed', result));
    expect(book.worksheets[0]?.rowCount).toBe(5);
    for (const order of orders) expect(await runtime.ledger.findByReference(order.externalRef)).toBeDefined();
    expect(readdirSync(join(folder, 'processing'))).toEqual([]);
  });

  it('moves an unreadable file to rejected/ with the reason in its result workbook', async () => {
    const path = join(folder, 'scan.pdf.xlsx');
    writeFileSync(path, '%PDF-1.4 not a sheet');
    const { utimesSync } = await import('node:fs');
    const settled = new Date(Date.now() - 10_000);
    utimesSync(path, settled, settled);
    await scanDropFolder(runtime, folder);
    const rejected = await eventually('the file in rejected/', async () => {
      const files = existsSync(join(folder, 'rejected')) ? readdirSync(join(folder, 'rejected')) : [];
      return files.length === 2 ? files : undefined;
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(folder, 'rejected', rejected.find((f) => f.endsWith('.result.xlsx')) as string));
    expect(JSON.stringify(book.worksheets[0]?.getRow(2).values)).toMatch(/unsupported_type/);
  });

  it('scans on its node-cron schedule', async () => {
    const scheduled = mkdtempSync(join(tmpdir(), 'orderdesk-drop-cron-'));
    const path = join(scheduled, 'orders.csv');
    await writeOrderCsv(path, taggedOrders(2));
    const { utimesSync } = await import('node:fs');
    const settled = new Date(Date.now() - 10_000);
    utimesSync(path, settled, settled);
    // Every second here; the shipped schedule is every minute.
    const schedules = startSchedules(runtime, [
      { name: 'drop-folder-scan', cron: '* * * * * *', timezone: runtime.settings.timezone, run: () => scanDropFolder(runtime, scheduled) },
    ]);
    try {
      await eventually('the scheduled scan to claim the file', async () => (existsSync(path) ? undefined : true), 5_000);
    } finally {
      await schedules.close();
    }
  });
});

describe('orderdesk import', () => {
  const env = {
    ...process.env,
    REDIS_URL: stack.redis.url,
    ORDERDESK_REDIS_PREFIX: settings.redis.prefix,
    LOG_LEVEL: 'warn',
  };
  const dir = mkdtempSync(join(tmpdir(), 'orderdesk-import-'));

  it('prints one JSON line per row and a summary; --dry-run records nothing, a real run records and queues', async () => {
    const orders = taggedOrders(3);
    const table = orderTable(orders);
    const bad = [...(table[1] as unknown[])];
    bad[0] = `${orders[0]?.externalRef}-X`;
    bad[4] = '居民身份证';
    bad[5] = '110105194912310021'; // wrong check digit
    table.push(bad);
    const file = join(dir, 'orders.xlsx');
    writeFileSync(file, await tableXlsxBuffer([{ name: '订单', rows: [['标题'], ...table] }]));

    const dry = await run('bin/orderdesk', ['import', file, '--json', '--dry-run'], { env });
    const lines = dry.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ row: 3, status: 'accepted', order: { externalRef: orders[0]?.externalRef }, errors: [] });
    expect(lines[3]).toMatchObject({ row: 6, status: 'rejected', errors: [expect.objectContaining({ field: 'idNumber', code: 'id_check_digit' })] });
    expect(lines[4]).toEqual({ summary: { accepted: 3, rejected: 1 } });

    const check = await Runtime.create(settings);
    try {
      expect(await check.ledger.findByReference(orders[0]?.externalRef as string)).toBeUndefined();
      const real = await run('bin/orderdesk', ['import', file, '--json'], { env });
      expect(real.stdout.trim().split('\n').at(-1)).toBe('{"summary":{"accepted":3,"rejected":1}}');
      const orderId = await check.ledger.findByReference(orders[0]?.externalRef as string);
      expect(orderId).toBeDefined();
      expect(await check.queues.get('review').getJob(`review-${orderId}`)).toBeDefined();
      // Importing the same file again doubles nothing: every row is now a duplicate.
      const again = await run('bin/orderdesk', ['import', file, '--json'], { env });
      expect(again.stdout.trim().split('\n').at(-1)).toBe('{"summary":{"accepted":0,"rejected":4}}');
    } finally {
      await check.close();
    }
  });

  it('prints a readable table without --json', async () => {
    const file = join(dir, 'orders.csv');
    await writeOrderCsv(file, taggedOrders(2), { encoding: 'gb18030' });
    const { stdout } = await run('bin/orderdesk', ['import', file, '--dry-run'], { env });
    expect(stdout).toMatch(/row\s+status\s+order ref/);
    expect(stdout).toMatch(/orders\.csv: 2 accepted, 0 rejected \(dry run: nothing recorded\)/);
  });

  it('exits non-zero with one line on stderr for a file that is not a sheet, or missing', async () => {
    const file = join(dir, 'letter.xlsx');
    writeFileSync(file, '%PDF-1.4');
    for (const target of [file, join(dir, 'missing.xlsx')]) {
      const failure = await run('bin/orderdesk', ['import', target, '--dry-run'], { env }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code, target).toBe(1);
      expect(failure?.stderr.trim().split('\n'), target).toHaveLength(1);
      expect(failure?.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});
