import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_INTAKE_LIMITS, resolveIntakeLimits } from '../../../bots/intake/intake-limits.ts';
import { checkSheetSafety } from '../../../bots/intake/sheet-safety.ts';
import { openSheetSource } from '../../../bots/intake/sheet-source.ts';
import { SheetRefusal } from '../../../bots/intake/sheet-refusal.ts';
import { makeSampleOrders, orderTable, tableXlsxBuffer } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { buildOleFile } from '../../../fixtures/sample-sheets/ole-writer.ts';
import { buildZip } from '../../../fixtures/sample-sheets/zip-writer.ts';
import { readAll, refusalOf, tempDir } from './helpers.ts';

const temp = tempDir('safety');
afterAll(temp.cleanup);

async function check(content: Buffer, fileName: string, limits = {}) {
  const checked = await checkSheetSafety(await openSheetSource({ content, fileName }), resolveIntakeLimits(limits));
  checked.close();
  return checked.kind;
}

async function refusal(content: Buffer, fileName: string, limits = {}): Promise<SheetRefusal> {
  try {
    await check(content, fileName, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(SheetRefusal);
    return error as SheetRefusal;
  }
  throw new Error('expected a refusal');
}

describe('checkSheetSafety', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_INTAKE_LIMITS).toEqual({
      maxAttachmentBytes: 10 * 1024 * 1024,
      maxRows: 100_000,
      maxUncompressedBytes: 200 * 1024 * 1024,
      maxCompressionRatio: 100,
      maxZipEntries: 1_000,
      maxAmount: '100000000.00',
    });
    expect(resolveIntakeLimits({ maxRows: 5, maxAmount: undefined }).maxAmount).toBe('100000000.00');
  });

  it('decides the type by magic bytes, using the name only for plain text', async () => {
    const xlsx = await tableXlsxBuffer([{ name: '订单', rows: orderTable(makeSampleOrders(2)) }]);
    expect(await check(xlsx, 'orders.xlsx')).toBe('xlsx');
    expect(await check(xlsx, 'orders.csv')).toBe('xlsx');
    expect(await check(xlsx, 'no-extension')).toBe('xlsx');
    expect(await check(Buffer.from('a,b\n1,2\n'), 'orders.csv')).toBe('csv');
    expect(await check(Buffer.from('a,b\n1,2\n'), 'orders.TXT')).toBe('csv');
    expect((await refusal(Buffer.from('a,b\n1,2\n'), 'orders.xlsx')).code).toBe('unsupported_type');
    expect((await refusal(Buffer.from('%PDF-1.7'), 'orders.csv')).code).toBe('unsupported_type');
    expect((await refusal(buildOleFile(['Workbook']), 'orders.xls')).code).toBe('unsupported_type');
    expect((await refusal(buildOleFile(['EncryptionInfo', 'EncryptedPackage']), 'orders.xlsx')).code).toBe('encrypted_workbook');
  });

  it('caps the file size before reading anything else', async () => {
    const refused = await refusal(randomBytes(3 * 1024), 'orders.xlsx', { maxAttachmentBytes: 2 * 1024 });
    expect(refused.code).toBe('file_too_large');
    expect(refused.message).toContain('2 KiB');
    expect((await refusal(Buffer.alloc(0), 'orders.xlsx')).code).toBe('empty_file');
  });

  it('refuses zips by their central directory: entries, total size, ratio', async () => {
    const xlsx = await tableXlsxBuffer([{ name: '订单', rows: orderTable(makeSampleOrders(2)) }]);
    expect((await refusal(xlsx, 'orders.xlsx', { maxZipEntries: 5 })).code).toBe('zip_bomb');
    expect((await refusal(xlsx, 'orders.xlsx', { maxUncompressedBytes: 4 * 1024 })).code).toBe('zip_bomb');
    const zeros = buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/media/a.bin', data: Buffer.alloc(1024 * 1024) }]);
    expect((await refusal(zeros, 'orders.xlsx')).message).toContain('xl/media/a.bin');
    // The same ratio below 1 MiB is normal for small XML parts.
    const small = buildZip([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }, { name: 'xl/media/a.bin', data: Buffer.alloc(512 * 1024) }]);
    expect(await check(small, 'orders.xlsx')).toBe('xlsx');
    expect((await refusal(small, 'orders.xlsx', { maxCompressionRatio: 100, maxUncompressedBytes: 256 * 1024 })).code).toBe('zip_bomb');
  });

  it('refuses macros, encrypted entries, zips without a workbook and corrupt zips', async () => {
    const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };
    expect((await refusal(buildZip([workbook, { name: 'xl/vbaProject.bin', data: Buffer.from('x') }]), 'a.xlsm')).code).toBe('macro_workbook');
    expect((await refusal(buildZip([workbook, { name: 'xl/styles.xml', data: Buffer.from('<x/>'), encryptedFlag: true }]), 'a.xlsx')).code).toBe('encrypted_workbook');
    expect((await refusal(buildZip([{ name: 'xl/workbook.bin', data: Buffer.from('x') }]), 'a.xlsb')).message).toContain('.xlsb');
    expect((await refusal(buildZip([{ name: 'word/document.xml', data: Buffer.from('x') }]), 'a.xlsx')).message).toContain('Word');
    expect((await refusal(buildZip([]), 'a.xlsx')).code).toBe('unsupported_type');
    expect((await refusal(Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(100)]), 'a.xlsx')).code).toBe('corrupt_file');
    expect((await refusal(buildZip([workbook, workbook]), 'a.xlsx')).code).toBe('corrupt_file');
  });

  it('reads a minimal hand-made workbook (inline strings, no styles) and refuses it when the sheet lies about its size', async () => {
    const headers = ['订单编号', '下单日期', '客户编号', '客户名称', '证件类型', '证件号码', '产品代码', '产品风险等级', '客户风险承受等级', '金额', '期限', '支付方式', '客户经理', '网点'];
    const values = ['SO-1', '2026-11-03', 'C1', '张三', '身份证', '11010519491231002X', 'PF1', 'R2', 'C3', '1000', '12', '转账', '李四', '北京'];
    const cells = (row: number, texts: string[]): string =>
      `<row r="${row}">${texts.map((t, i) => `<c r="${String.fromCharCode(65 + i)}${row}" t="inlineStr"><is><t>${t}</t></is></c>`).join('')}</row>`;
    const sheet = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${cells(1, headers)}${cells(2, values)}</sheetData></worksheet>`,
    );
    const parts = (declared?: number) => [
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="订单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: Buffer.from(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, ...(declared === undefined ? {} : { declaredUncompressedSize: declared }) },
    ];
    const results = await readAll({ content: buildZip(parts()), fileName: 'minimal.xlsx' });
    expect(results.map((r) => [r.row, r.status, r.order.amount])).toEqual([[2, 'accepted', '1000.00']]);
    expect((await refusalOf({ content: buildZip(parts(200)), fileName: 'lying.xlsx' })).code).toBe('zip_bomb');
  });

  it('reads nothing of a path that is not there (a system fault, not a refusal)', async () => {
    await expect(readAll({ path: join(temp.dir, 'missing.xlsx') })).rejects.toThrow(/ENOENT/);
    await expect(readAll({ path: join(temp.dir, 'missing.xlsx') })).rejects.not.toBeInstanceOf(SheetRefusal);
  });
});
