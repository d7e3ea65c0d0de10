import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCsvRows } from '../../../bots/intake/csv-rows.ts';
import { openSheetSource } from '../../../bots/intake/sheet-source.ts';
import { encodeText, ENGLISH_HEADERS, makeSampleOrders, writeOrderCsv } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { encodeGb18030 } from '../../../fixtures/sample-sheets/gb18030-encoder.ts';
import { readAll, refusalOf, tempDir } from './helpers.ts';

const temp = tempDir('csv');
afterAll(temp.cleanup);
const file = (name: string): string => join(temp.dir, name);

describe('reading csv order sheets', () => {
  it.each([['utf-8-bom'], ['utf-8'], ['gb18030']] as const)('reads %s, detected rather than configured', async (encoding) => {
    const orders = makeSampleOrders(8, 31);
    await writeOrderCsv(file(`orders-${encoding}.csv`), orders, { encoding });
    const source = await openSheetSource({ path: file(`orders-${encoding}.csv`) });
    expect((await openCsvRows(source)).encoding).toBe(encoding === 'gb18030' ? 'gb18030' : 'utf-8');
    const results = await readAll({ path: file(`orders-${encoding}.csv`) });
    expect(results.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    expect(results.map((r) => r.order.customerName)).toEqual(orders.map((o) => o.customerName));
    expect(results.map((r) => r.order.amount)).toEqual(orders.map((o) => o.amount));
  });

  it('really wrote GB18030 bytes (not UTF-8) for the GB18030 case', () => {
    const bytes = readFileSync(file('orders-gb18030.csv'));
    expect(bytes.includes(Buffer.from('订单编号', 'utf8'))).toBe(false);
    expect(bytes.includes(encodeGb18030('订单编号'))).toBe(true);
    expect(new TextDecoder('gb18030').decode(encodeGb18030('金额（元）'))).toBe('金额（元）');
  });

  it.each([['\t'], [';']])('detects the %j delimiter', async (delimiter) => {
    const orders = makeSampleOrders(3, 32);
    const name = `delimited-${delimiter === '\t' ? 'tab' : 'semicolon'}.csv`;
    await writeOrderCsv(file(name), orders, { delimiter, encoding: 'utf-8' });
    const results = await readAll({ path: file(name) });
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(results[0]?.order.amount).toBe(orders[0]?.amount);
  });

  it('finds the header below title lines and counts lines, not records, for row numbers', async () => {
    const orders = makeSampleOrders(3, 33);
    orders[0] = { ...orders[0]!, notes: '第一行\n第二行' };
    await writeOrderCsv(file('titled.csv'), orders, { titleLines: ['2026年11月 销售订单,,,', '导出：后台运营部', ''], lineEnding: '\n' });
    const results = await readAll({ path: file('titled.csv') });
    // header on line 4; the first order spans lines 5–6
    expect(results.map((r) => r.row)).toEqual([5, 7, 8]);
    expect(results[0]?.order.notes).toBe('第一行\n第二行');
  });

  it('reads English headers, CRLF or LF, and amounts typed as text', async () => {
    const orders = makeSampleOrders(2, 34);
    await writeOrderCsv(file('english.csv'), orders, { headers: ENGLISH_HEADERS, lineEnding: '\n', encoding: 'utf-8' });
    const results = await readAll({ path: file('english.csv') });
    expect(results.map((r) => r.order.amount)).toEqual(orders.map((o) => o.amount));
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', async () => {
    const orders = makeSampleOrders(2, 35);
    await writeOrderCsv(file('utf8-for-16.csv'), orders, { delimiter: '\t', encoding: 'utf-8' });
    const text = readFileSync(file('utf8-for-16.csv'), 'utf8');
    writeFileSync(file('utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const results = await readAll({ path: file('utf16.csv') });
    expect(results.map((r) => r.order.customerName)).toEqual(orders.map((o) => o.customerName));
  });

  it('skips blank lines and rejects in-sheet duplicates', async () => {
    const orders = makeSampleOrders(3, 36);
    orders[2] = { ...orders[2]!, externalRef: orders[0]!.externalRef };
    await writeOrderCsv(file('dups.csv'), orders, { encoding: 'utf-8', lineEnding: '\r\n' });
    const text = readFileSync(file('dups.csv'), 'utf8').replace(/\r\n/, '\r\n\r\n,,,\r\n');
    writeFileSync(file('dups-blank.csv'), text);
    const results = await readAll({ path: file('dups-blank.csv') });
    expect(results.map((r) => [r.row, r.status])).toEqual([
      [4, 'accepted'],
      [5, 'accepted'],
      [6, 'rejected'],
    ]);
    expect(results[2]?.errors[0]?.code).toBe('duplicate_in_sheet');
  });

  it('reads a csv given as a Buffer with its file name', async () => {
    const orders = makeSampleOrders(2, 37);
    await writeOrderCsv(file('buffer.csv'), orders, { encoding: 'gb18030' });
    const results = await readAll({ content: readFileSync(file('buffer.csv')), fileName: '订单.CSV' });
    expect(results).toHaveLength(2);
    expect(results[1]?.order.customerName).toBe(orders[1]?.customerName);
  });

  it('refuses text that is neither UTF-8 nor GB18030, and binary', async () => {
    const orders = makeSampleOrders(1, 38);
    await writeOrderCsv(file('plain.csv'), orders, { encoding: 'utf-8' });
    const utf16NoBom = Buffer.from(readFileSync(file('plain.csv'), 'utf8'), 'utf16le');
    expect((await refusalOf({ content: utf16NoBom, fileName: 'x.csv' })).code).toBe('undecodable_text');
    expect((await refusalOf({ content: Buffer.from([0x81, 0x20, 0x41, 0x0a]), fileName: 'x.csv' })).code).toBe('undecodable_text');
    expect((await refusalOf({ content: encodeText('订单编号,金额\r\n\u0001\u0002', 'utf-8'), fileName: 'x.csv' })).code).toBe('undecodable_text');
  });
});
