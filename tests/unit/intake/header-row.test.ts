import { describe, expect, it } from 'vitest';
import { findHeaderRow, mapHeaderRow, qualifiesAsHeader } from '../../../bots/intake/header-row.ts';
import { loadHeaderSynonyms } from '../../../bots/intake/header-synonyms.ts';
import type { SheetRow } from '../../../bots/intake/sheet-row.ts';

const synonyms = loadHeaderSynonyms();
const row = (n: number, ...cells: unknown[]): SheetRow => ({ row: n, cells: [undefined, ...cells] });

describe('findHeaderRow', () => {
  it('finds the header below a title and a merged note', () => {
    const header = findHeaderRow(
      [
        row(1, '2026年11月 销售订单'),
        row(2, '制表：后台运营部', undefined, undefined, '导出时间：2026-11-03'),
        row(4, '订单编号', '下单日期', '客户名称', '金额（元）', '备注'),
        row(5, 'SO-1', '2026-11-03', '张三', 1000, ''),
      ],
      synonyms,
    );
    expect(header?.row).toBe(4);
    expect(header?.columns).toEqual([
      { column: 1, field: 'externalRef' },
      { column: 2, field: 'orderDate' },
      { column: 3, field: 'customerName' },
      { column: 4, field: 'amount' },
      { column: 5, field: 'notes' },
    ]);
  });

  it('picks the row with the most recognised headers, the earliest on a tie', () => {
    const rows = [
      row(1, '订单号', '金额', '客户', '备注'),
      row(2, '订单编号', '金额', '客户名称', '备注', '网点', '币种'),
      row(3, 'Order Ref', 'Amount', 'Customer Name', 'Notes', 'Branch', 'Currency'),
    ];
    expect(findHeaderRow(rows, synonyms)?.row).toBe(2);
  });

  it('needs at least four recognised columns including externalRef and amount', () => {
    expect(findHeaderRow([row(1, '订单编号', '金额', '备注')], synonyms)).toBeUndefined();
    expect(findHeaderRow([row(1, '客户名称', '金额', '备注', '网点', '币种')], synonyms)).toBeUndefined();
    expect(findHeaderRow([row(1, '订单编号', '客户名称', '备注', '网点', '币种')], synonyms)).toBeUndefined();
    expect(findHeaderRow([row(1, '订单编号', '金额', '备注', '网点')], synonyms)?.row).toBe(1);
  });

  it('looks no lower than row 20', () => {
    expect(findHeaderRow([row(21, '订单编号', '金额', '备注', '网点')], synonyms)).toBeUndefined();
    expect(findHeaderRow([row(20, '订单编号', '金额', '备注', '网点')], synonyms)?.row).toBe(20);
  });

  it('keeps the leftmost column when a field is named twice and ignores unknown and non-text cells', () => {
    const mapping = mapHeaderRow(row(1, '序号', '订单号', 'Order Ref', 42, new Date(0), '金额', { richText: [{ text: '备' }, { text: '注' }] }), synonyms);
    expect(mapping.columns).toEqual([
      { column: 2, field: 'externalRef' },
      { column: 6, field: 'amount' },
      { column: 7, field: 'notes' },
    ]);
    expect(qualifiesAsHeader(mapping)).toBe(false);
  });
});
