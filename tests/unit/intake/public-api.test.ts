import { describe, expect, it } from 'vitest';
import * as intake from '../../../bots/intake/index.ts';
import { SheetRefusal, type SheetRefusalCode } from '../../../bots/intake/sheet-refusal.ts';
import { OrderDeskError } from '../../../core/errors/orderdesk-error.ts';
import { expectBilingualOneLine } from './helpers.ts';

const CODES: SheetRefusalCode[] = [
  'file_too_large', 'unsupported_type', 'encrypted_workbook', 'macro_workbook', 'zip_bomb', 'corrupt_file',
  'undecodable_text', 'empty_file', 'no_header_row', 'missing_columns', 'too_many_rows', 'sheet_not_found',
];

describe('bots/intake public face', () => {
  it('exports what the mailbox bot, ledger and CLI build on', () => {
    for (const name of [
      'readOrderSheet', 'loadHeaderSynonyms', 'isValidResidentId', 'isValidUscc', 'normaliseAmount', 'normaliseDate',
      'SheetRefusal', 'DEFAULT_INTAKE_LIMITS', 'ROW_ERROR_CODES', 'CANONICAL_FIELDS', 'REQUIRED_FIELDS',
    ]) {
      expect(intake, name).toHaveProperty(name);
    }
    expect(intake.REQUIRED_FIELDS).not.toContain('currency');
    expect(intake.REQUIRED_FIELDS).not.toContain('creditGrade');
    expect(intake.REQUIRED_FIELDS).not.toContain('notes');
    expect(intake.REQUIRED_FIELDS).toContain('orderDate');
    expect(intake.normaliseDate('2026-02-30')).toBe('invalid');
    expect(intake.isValidResidentId('11010519491231002X')).toBe(true);
    expect(intake.isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it.each(CODES)('SheetRefusal %s is a business OrderDeskError with a one-line bilingual message', (code) => {
    const refusal = new SheetRefusal(code);
    expect(refusal).toBeInstanceOf(OrderDeskError);
    expect(refusal.business).toBe(true);
    expect(refusal.code).toBe(code);
    expect(refusal.name).toBe('SheetRefusal');
    expectBilingualOneLine(refusal.message);
  });

  it('puts a detail after the base sentence in each language and keeps one line', () => {
    const refusal = new SheetRefusal('too_many_rows', { detail: { zh: '上限\n10 行', en: 'the limit\nis 10' } });
    expect(refusal.message).toBe('数据行数超过上限：上限 10 行 / The sheet has more data rows than allowed: the limit is 10');
    expect(new SheetRefusal('encrypted_workbook').message).toBe('文件已加密，无法读取 / The workbook is password-protected and cannot be read');
  });
});
