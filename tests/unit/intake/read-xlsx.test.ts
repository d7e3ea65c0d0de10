import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHINESE_HEADERS,
  ENGLISH_HEADERS,
  makeSampleOrders,
  ORDER_XLSX_HEADER_ROW,
  orderTable,
  writeOrderXlsx,
  writeTableXlsx,
} from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { SAMPLE_FIELDS, type SampleOrder } from '../../../fixtures/sample-sheets/sample-orders.ts';
import { readAll, refusalOf, tempDir } from './helpers.ts';

const temp = tempDir('xlsx');
afterAll(temp.cleanup);
const file = (name: string): string => join(temp.dir, name);
const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
/** Payment methods as config/header-synonyms.yaml codes them for the CRM; 第三方支付 is not listed there. */
const PAYMENT_CODES: Record<string, string> = { 银行转账: 'bank_transfer', 银联代扣: 'direct_debit', 柜台缴款: 'cash' };
/** What intake makes of a sample order (text fields are NFKC-normalised, payment methods coded). */
const expected = (order: SampleOrder): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...order, paymentMethod: PAYMENT_CODES[order.paymentMethod] ?? order.paymentMethod };
  for (const key of ['notes', 'customerName'] as const) if (typeof copy[key] === 'string') copy[key] = (copy[key] as string).normalize('NFKC');
  return copy;
};

describe('reading xlsx order sheets', () => {
  it('reads a sheet with a merged title and note above the header, numbering rows as Excel does', async () => {
    const orders = makeSampleOrders(30, 11);
    await writeOrderXlsx(file('titled.xlsx'), orders);
    const results = await readAll({ path: file('titled.xlsx') });
    expect(results.map((r) => r.row)).toEqual(orders.map((_, i) => ORDER_XLSX_HEADER_ROW + 1 + i));
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    results.forEach((result, i) => expect(result.order).toEqual(expected(orders[i]!)));
  });

  it('reads English headers with units', async () => {
    const orders = makeSampleOrders(3, 12);
    await writeOrderXlsx(file('english.xlsx'), orders, { headers: ENGLISH_HEADERS });
    const results = await readAll({ path: file('english.xlsx') });
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(results[0]?.order.amount).toBe(orders[0]?.amount);
  });

  it('reads formula results, shared formulas, rich text, hyperlinks, date cells and serial numbers', async () => {
    const [a, b, c, d, e] = makeSampleOrders(5, 13) as [SampleOrder, SampleOrder, SampleOrder, SampleOrder, SampleOrder];
    const rows = orderTable([a, b, c, d, e]);
    const col = (field: (typeof SAMPLE_FIELDS)[number]): number => SAMPLE_FIELDS.indexOf(field);
    const set = (r: number, field: (typeof SAMPLE_FIELDS)[number], value: unknown): void => {
      (rows[r] as unknown[])[col(field)] = value;
    };
    set(1, 'amount', { formula: '1000*1.5', result: 1500 });
    set(1, 'customerName', { richText: [{ text: '张' }, { font: { bold: true }, text: '三丰' }] });
    set(1, 'branch', { text: '北京分行营业部', hyperlink: 'https://branches.example/bj' });
    set(2, 'orderDate', 46329); // a serial number in a general-format cell
    set(2, 'termMonths', { formula: '6*2', result: 12 });
    set(3, 'orderDate', '2026年11月3日');
    set(3, 'externalRef', { formula: '"SO-"&"FORMULA"', result: 'SO-FORMULA' });
    set(4, 'notes', { error: '#N/A' });
    set(5, 'orderDate', utcDate('2024-02-29'));
    await writeTableXlsx(file('cells.xlsx'), [{ name: '订单', rows }]);
    const results = await readAll({ path: file('cells.xlsx') });
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'rejected', 'accepted']);
    expect(results[0]?.order).toMatchObject({ amount: '1500.00', customerName: '张三丰', branch: '北京分行营业部' });
    expect(results[1]?.order).toMatchObject({ orderDate: '2026-11-03', termMonths: 12 });
    expect(results[2]?.order).toMatchObject({ orderDate: '2026-11-03', externalRef: 'SO-FORMULA' });
    expect(results[3]?.errors.map((x) => `${x.field}:${x.code}`)).toEqual(['notes:cell_error']);
    expect(results[4]?.order.orderDate).toBe('2024-02-29');
  });

  it('reads a date formula whose cached result is a serial in a date-formatted cell', async () => {
    const orders = makeSampleOrders(2, 14);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('订单');
    orderTable(orders).forEach((row) => sheet.addRow(row as ExcelJS.CellValue[]));
    const dateCell = sheet.getCell(2, SAMPLE_FIELDS.indexOf('orderDate') + 1);
    dateCell.value = { formula: 'DATE(2026,11,3)', result: 46329 } as ExcelJS.CellFormulaValue;
    dateCell.numFmt = 'yyyy-mm-dd';
    // A shared formula: the master in row 2, the clone in row 3 (exceljs writes <f t="shared">).
    const amountColumn = SAMPLE_FIELDS.indexOf('amount') + 1;
    sheet.getCell(2, amountColumn).value = { formula: '2000+0', result: 2000, shareType: 'shared', ref: `${sheet.getColumn(amountColumn).letter}2:${sheet.getColumn(amountColumn).letter}3` } as ExcelJS.CellFormulaValue;
    sheet.getCell(3, amountColumn).value = { sharedFormula: `${sheet.getColumn(amountColumn).letter}2`, result: 3000 } as ExcelJS.CellSharedFormulaValue;
    await workbook.xlsx.writeFile(file('date-formula.xlsx'));
    const results = await readAll({ path: file('date-formula.xlsx') });
    expect(results.map((r) => r.errors)).toEqual([[], []]);
    expect(results[0]?.order).toMatchObject({ orderDate: '2026-11-03', amount: '2000.00' });
    expect(results[1]?.order.amount).toBe('3000.00');
  });

  it('reads serial numbers in a 1904 workbook', async () => {
    const orders = makeSampleOrders(1, 15);
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet('订单');
    orderTable(orders).forEach((row) => sheet.addRow(row as ExcelJS.CellValue[]));
    sheet.getCell(2, SAMPLE_FIELDS.indexOf('orderDate') + 1).value = 46329 - 1462;
    await workbook.xlsx.writeFile(file('date1904.xlsx'));
    const [result] = await readAll({ path: file('date1904.xlsx') });
    expect(result?.order.orderDate).toBe('2026-11-03');
  });

  it('skips blank rows silently, wherever they are', async () => {
    const orders = makeSampleOrders(4, 16);
    const [header, ...data] = orderTable(orders);
    const rows = [[], ['  '], header!, data[0]!, [], ['', null, '   '], data[1]!, data[2]!, [], [], data[3]!, ['\u3000']];
    await writeTableXlsx(file('blank-rows.xlsx'), [{ name: '订单', rows }]);
    const results = await readAll({ path: file('blank-rows.xlsx') });
    expect(results.map((r) => [r.row, r.order.externalRef])).toEqual([
      [4, orders[0]?.externalRef],
      [7, orders[1]?.externalRef],
      [8, orders[2]?.externalRef],
      [11, orders[3]?.externalRef],
    ]);
  });

  it('rejects in-sheet duplicates after the first, across the header-search window', async () => {
    const orders = makeSampleOrders(30, 17);
    orders[25] = { ...orders[25]!, externalRef: orders[3]!.externalRef };
    orders[26] = { ...orders[26]!, externalRef: orders[3]!.externalRef };
    await writeOrderXlsx(file('duplicates.xlsx'), orders);
    const results = await readAll({ path: file('duplicates.xlsx') });
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected.map((r) => r.row)).toEqual([30, 31]);
    expect(rejected[0]?.errors).toEqual([
      {
        field: 'externalRef',
        code: 'duplicate_in_sheet',
        message: `订单编号 ${orders[3]!.externalRef} 与本表第 8 行重复 / Order Ref ${orders[3]!.externalRef} repeats row 8 of this sheet`,
      },
    ]);
    expect(results.find((r) => r.row === 8)?.status).toBe('accepted');
  });

  it('reads the first worksheet by default and another by name', async () => {
    const notes = { name: '填写说明', rows: [['请在“订单”工作表中填写'], ['金额单位：元']] };
    const orders = makeSampleOrders(2, 18);
    await writeOrderXlsx(file('sheets.xlsx'), orders, { sheetName: 'Orders', sheetsBefore: [notes], sheetsAfter: [{ name: '汇总', rows: orderTable(makeSampleOrders(5, 19)) }] });
    expect((await refusalOf({ path: file('sheets.xlsx') })).code).toBe('no_header_row');
    const named = await readAll({ path: file('sheets.xlsx') }, { sheet: 'Orders' });
    expect(named.map((r) => r.order.externalRef)).toEqual(orders.map((o) => o.externalRef));
    expect(await readAll({ path: file('sheets.xlsx') }, { sheet: 'orders' })).toHaveLength(2);
    expect(await readAll({ path: file('sheets.xlsx') }, { sheet: '汇总' })).toHaveLength(5);
    const missing = await refusalOf({ path: file('sheets.xlsx') }, { sheet: 'Sheet9' });
    expect(missing.code).toBe('sheet_not_found');
    expect(missing.message).toContain('Sheet9');
    expect(missing.message).toContain('填写说明, Orders, 汇总');
  });

  it('skips a hidden first sheet by default but reads it by name', async () => {
    const orders = makeSampleOrders(2, 25);
    const workbook = new ExcelJS.Workbook();
    const hidden = workbook.addWorksheet('lookup', { state: 'hidden' });
    orderTable(makeSampleOrders(4, 26)).forEach((row) => hidden.addRow(row as ExcelJS.CellValue[]));
    const visible = workbook.addWorksheet('订单');
    orderTable(orders).forEach((row) => visible.addRow(row as ExcelJS.CellValue[]));
    await workbook.xlsx.writeFile(file('hidden.xlsx'));
    expect((await readAll({ path: file('hidden.xlsx') })).map((r) => r.order.externalRef)).toEqual(orders.map((o) => o.externalRef));
    expect(await readAll({ path: file('hidden.xlsx') }, { sheet: 'lookup' })).toHaveLength(4);
  });

  it('reads from a Buffer as well as from a path', async () => {
    const orders = makeSampleOrders(3, 20);
    await writeOrderXlsx(file('buffer.xlsx'), orders);
    const results = await readAll({ content: readFileSync(file('buffer.xlsx')), fileName: 'from-mail.xlsx' });
    expect(results.map((r) => r.order.externalRef)).toEqual(orders.map((o) => o.externalRef));
  });

  it('keeps Chinese text intact across the zip stream chunk boundaries', async () => {
    // exceljs' own reader decodes each inflated chunk separately and garbles characters split between
    // chunks; ~3000 distinct Chinese notes put many characters on chunk boundaries.
    const orders = makeSampleOrders(3000, 21).map((o, i) => ({ ...o, notes: `第${i}号订单备注：客户要求电话回访，请于三个工作日内联系确认` }));
    await writeOrderXlsx(file('chinese.xlsx'), orders);
    const results = await readAll({ path: file('chinese.xlsx') });
    expect(results).toHaveLength(3000);
    const garbled = results.filter((r, i) => r.order.notes !== orders[i]!.notes.normalize('NFKC'));
    expect(garbled).toEqual([]);
  });

  it('reports headers with the names the sheet used for missing columns', async () => {
    const orders = makeSampleOrders(2, 22);
    await writeTableXlsx(file('missing.xlsx'), [{ name: '订单', rows: orderTable(orders, { fields: SAMPLE_FIELDS.filter((f) => f !== 'idNumber' && f !== 'branch') }) }]);
    const refusal = await refusalOf({ path: file('missing.xlsx') });
    expect(refusal.code).toBe('missing_columns');
    expect(refusal.missingColumns).toEqual(['idNumber', 'branch']);
    expect(refusal.message).toBe(
      `缺少必需的列：${CHINESE_HEADERS.idNumber}、网点 / Required columns are missing: ID Number (idNumber), Branch (branch)`,
    );
  });

  it('refuses the sheet past the row limit after yielding the rows within it', async () => {
    await writeOrderXlsx(file('limit.xlsx'), makeSampleOrders(12, 23));
    const seen: number[] = [];
    let error: unknown;
    try {
      const { readOrderSheet } = await import('../../../bots/intake/read-order-sheet.ts');
      for await (const result of readOrderSheet({ path: file('limit.xlsx') }, { limits: { maxRows: 10 } })) seen.push(result.row);
    } catch (caught) {
      error = caught;
    }
    expect(seen).toHaveLength(10);
    expect((error as { code?: string }).code).toBe('too_many_rows');
    expect(await readAll({ path: file('limit.xlsx') }, { limits: { maxRows: 12 } })).toHaveLength(12);
  });

  it('yields nothing for a header with no data rows', async () => {
    await writeTableXlsx(file('header-only.xlsx'), [{ name: '订单', rows: orderTable([]) }]);
    expect(await readAll({ path: file('header-only.xlsx') })).toEqual([]);
  });
});

describe('file handles', () => {
  const openFds = (): number => readdirSync('/proc/self/fd').length;
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

  it('are released after refusals, early exits and full reads', async () => {
    const orders = makeSampleOrders(25, 24);
    await writeOrderXlsx(file('handles.xlsx'), orders);
    await readAll({ path: file('handles.xlsx') });
    await settle();
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      await readAll({ path: file('handles.xlsx') });
      await refusalOf({ path: file('handles.xlsx') }, { sheet: 'nope' });
      await refusalOf({ path: file('handles.xlsx') }, { limits: { maxRows: 3 } });
      const { readOrderSheet } = await import('../../../bots/intake/read-order-sheet.ts');
      for await (const result of readOrderSheet({ path: file('handles.xlsx') })) if (result.row > 6) break;
    }
    await settle();
    expect(openFds()).toBeLessThanOrEqual(before);
  });
});
