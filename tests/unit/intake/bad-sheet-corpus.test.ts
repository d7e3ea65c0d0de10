import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SheetRefusal } from '../../../bots/intake/sheet-refusal.ts';
import { OrderDeskError } from '../../../core/errors/orderdesk-error.ts';
import { makeBadSheetCorpus, type BadSheetCase } from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { expectBilingualOneLine, readAll, tempDir } from './helpers.ts';

const temp = tempDir('corpus');
let cases: BadSheetCase[] = [];

beforeAll(async () => {
  cases = await makeBadSheetCorpus(temp.dir);
});
afterAll(temp.cleanup);

describe('the bad-file corpus', () => {
  it('has at least 15 files and covers every refusal', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    expect(new Set(cases.map((c) => c.expect))).toEqual(
      new Set([
        'corrupt_file', 'encrypted_workbook', 'unsupported_type', 'macro_workbook', 'zip_bomb', 'undecodable_text',
        'empty_file', 'no_header_row', 'too_many_rows', 'file_too_large', 'missing_columns', 'sheet_not_found', 'rows-rejected',
      ]),
    );
  });

  it('gets every file its expected outcome, with a one-line bilingual message', async () => {
    const outcomes: string[] = [];
    for (const badCase of cases) {
      const options = { ...(badCase.limits ? { limits: badCase.limits } : {}), ...(badCase.sheet ? { sheet: badCase.sheet } : {}) };
      let outcome: string;
      try {
        const results = await readAll({ path: badCase.file }, options);
        outcome = results.length > 0 && results.every((r) => r.status === 'rejected') ? 'rows-rejected' : `read ${results.length} rows`;
        for (const result of results) for (const error of result.errors) expectBilingualOneLine(error.message);
      } catch (error) {
        if (!(error instanceof SheetRefusal)) throw error;
        expect(error).toBeInstanceOf(OrderDeskError);
        expect(error.business).toBe(true);
        expectBilingualOneLine(error.message);
        outcome = error.code;
      }
      outcomes.push(`${basename(badCase.file)}: ${outcome}`);
    }
    expect(outcomes).toEqual(cases.map((c) => `${basename(c.file)}: ${c.expect}`));
  });

  it('refuses the same bytes given as a Buffer (mail attachments)', async () => {
    for (const badCase of cases.filter((c) => c.expect !== 'rows-rejected' && !c.limits && !c.sheet)) {
      let code = 'read';
      try {
        await readAll({ content: readFileSync(badCase.file), fileName: basename(badCase.file) });
      } catch (error) {
        code = (error as SheetRefusal).code;
      }
      expect(`${basename(badCase.file)}: ${code}`).toBe(`${basename(badCase.file)}: ${badCase.expect}`);
    }
  });
});
