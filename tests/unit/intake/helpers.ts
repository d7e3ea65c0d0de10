import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readOrderSheet, type ReadOrderSheetOptions } from '../../../bots/intake/read-order-sheet.ts';
import type { RowResult } from '../../../bots/intake/canonical-order.ts';
import { SheetRefusal } from '../../../bots/intake/sheet-refusal.ts';

type Input = Parameters<typeof readOrderSheet>[0];

export async function readAll(input: Input, options?: ReadOrderSheetOptions): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for await (const result of readOrderSheet(input, options)) results.push(result);
  return results;
}

/** The SheetRefusal reading `input` throws; fails the test when it reads without one. */
export async function refusalOf(input: Input, options?: ReadOrderSheetOptions): Promise<SheetRefusal> {
  try {
    await readAll(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SheetRefusal);
    return error as SheetRefusal;
  }
  throw new Error('expected a SheetRefusal, but the sheet was read');
}

/** A fresh temp directory and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `orderdesk-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A bilingual one-line message: Chinese, " / ", English. */
export function expectBilingualOneLine(message: string): void {
  expect(message).not.toMatch(/[\r\n]/);
  const [zh, en, ...rest] = message.split(' / ');
  expect(rest.join(' / ')).toBe('');
  expect(zh).toMatch(/[\u4e00-\u9fff]/);
  expect(en).toMatch(/^[A-Z"]/);
  expect(en).toMatch(/[a-z]{3}/);
}
