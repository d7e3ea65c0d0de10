import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Entry, ZipFile } from 'yauzl';
import { SheetRefusal } from './sheet-refusal.ts';
import type { SheetRow } from './sheet-row.ts';

/**
 * Rows of one worksheet through exceljs' streaming XML readers, with yauzl as the unzipper.
 *
 * exceljs' own WorkbookReader unzips with a streaming parser that trusts local file headers, spools
 * worksheets that precede sharedStrings.xml (Excel's usual order) to temp files, and decodes UTF-8
 * chunk by chunk without carrying split characters across chunks (so a Chinese character straddling
 * a 64 KiB boundary turns into U+FFFD). Here yauzl reads the parts the central directory names, in
 * the order they are needed (rels, workbook, styles, shared strings, then the one sheet), inflating
 * with sizes enforced and decoding with a streaming UTF-8 decoder; exceljs still parses every part.
 * This leans on WorkbookReader's part parsers (_parseRels & co.), which exceljs 4.4.0 (pinned) has.
 */
export interface XlsxSheet {
  readonly sheetName: string;
  /** The workbook counts dates from 1904 (matters for serial numbers in general-format cells). */
  readonly date1904: boolean;
  readonly rows: AsyncGenerator<SheetRow>;
}

export interface XlsxReadOptions {
  /** Worksheet by name (exact, else ignoring case); when absent the first visible worksheet in tab order. */
  sheet?: string;
}

/** The reader options the issue prescribes; `styles: 'cache'` makes date cells come back as Dates. */
export const XLSX_READER_OPTIONS = {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'ignore',
} as const;

interface Relationship {
  Id: string;
  Type: string;
  Target: string;
}

interface WorksheetReaderLike extends AsyncIterable<ExcelJsRow> {
  readonly name?: string;
}

interface ExcelJsRow {
  readonly number: number;
  readonly values: unknown[] | Record<string, unknown>;
}

/** The parts of exceljs' WorkbookReader used here; all exist in exceljs 4.4.0. */
interface WorkbookReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: WorksheetReaderLike }>;
  workbookRels?: Relationship[];
  model?: { sheets?: { name?: string; id?: number; rId?: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

const RELATIONSHIP_TYPE_SUFFIX = {
  worksheet: '/worksheet',
  styles: '/styles',
  sharedStrings: '/sharedStrings',
} as const;

export async function openXlsxSheet(
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
  options: XlsxReadOptions = {},
): Promise<XlsxSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader('', XLSX_READER_OPTIONS) as unknown as WorkbookReaderParts;
  /** Parses one part if the zip has it; the stream is destroyed either way so yauzl can close its fd. */
  const withPart = async (path: string, parse: (stream: Readable) => Promise<void>): Promise<boolean> => {
    const stream = await openPart(zip, entries, path);
    if (!stream) return false;
    try {
      await parse(stream);
    } finally {
      stream.destroy();
    }
    return true;
  };
  try {
    await withPart('xl/_rels/workbook.xml.rels', (stream) => reader._parseRels(stream));
    if (!(await withPart('xl/workbook.xml', (stream) => reader._parseWorkbook(stream)))) throw new SheetRefusal('corrupt_file');
  } catch (error) {
    throw asRefusal(error);
  }
  const relations = reader.workbookRels ?? [];
  const target = (type: string, fallback: string): string => {
    const rel = relations.find((r) => typeof r.Type === 'string' && r.Type.endsWith(type));
    return rel && typeof rel.Target === 'string' ? resolveTarget(rel.Target) : fallback;
  };
  const sheets = (reader.model?.sheets ?? []).flatMap((sheet) => {
    const rel = relations.find((r) => r.Id === sheet.rId);
    // Chartsheets and dialog sheets hold no rows.
    if (!rel || typeof rel.Target !== 'string' || !String(rel.Type).endsWith(RELATIONSHIP_TYPE_SUFFIX.worksheet)) return [];
    return [{ name: sheet.name ?? '', path: resolveTarget(rel.Target), hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden' }];
  });
  // By default the first sheet a person would see: hidden lookup sheets at the front are skipped.
  const chosen =
    options.sheet === undefined
      ? (sheets.find((s) => !s.hidden) ?? sheets[0])
      : (sheets.find((s) => s.name === options.sheet) ??
        sheets.find((s) => s.name.trim().toLowerCase() === options.sheet?.trim().toLowerCase()));
  if (!chosen) {
    if (options.sheet === undefined) throw new SheetRefusal('empty_file', { detail: { zh: '工作簿中没有工作表', en: 'the workbook has no worksheet' } });
    const names = sheets.map((s) => s.name).join(', ');
    throw new SheetRefusal('sheet_not_found', {
      detail: { zh: `“${options.sheet}”，现有工作表：${names}`, en: `"${options.sheet}"; the workbook has: ${names}` },
    });
  }
  if (!entries.has(chosen.path)) throw new SheetRefusal('corrupt_file', { detail: { zh: '工作表数据缺失', en: 'the worksheet part is missing' } });

  try {
    await withPart(target(RELATIONSHIP_TYPE_SUFFIX.styles, 'xl/styles.xml'), (stream) => reader._parseStyles(stream));
    // 'cache' mode keeps them on the reader; the generator yields nothing but must be drained.
    await withPart(target(RELATIONSHIP_TYPE_SUFFIX.sharedStrings, 'xl/sharedstrings.xml'), async (stream) => {
      for await (const _ of reader._parseSharedStrings(stream)) void _;
    });
  } catch (error) {
    throw asRefusal(error);
  }
  return {
    sheetName: chosen.name,
    date1904: reader.properties?.model?.date1904 === true,
    rows: sheetRows(reader, zip, entries, chosen.path),
  };
}

async function* sheetRows(
  reader: WorkbookReaderParts,
  zip: ZipFile,
  entries: ReadonlyMap<string, Entry>,
  path: string,
): AsyncGenerator<SheetRow> {
  let stream: Readable | undefined;
  try {
    stream = await openPart(zip, entries, path);
    if (!stream) throw new SheetRefusal('corrupt_file');
    const sheetNo = /sheet(\d+)\.xml$/.exec(path)?.[1] ?? '1';
    let worksheet: WorksheetReaderLike | undefined;
    for (const event of reader._parseWorksheet(stream as AsyncIterable<string>, sheetNo)) {
      if (event.eventType === 'worksheet') worksheet = event.value;
    }
    if (!worksheet) throw new SheetRefusal('corrupt_file');
    for await (const row of worksheet) {
      const values = row.values;
      yield { row: row.number, cells: Array.isArray(values) ? values : [] };
    }
  } catch (error) {
    throw asRefusal(error);
  } finally {
    stream?.destroy();
  }
}

/** A part's text as a stream of strings; undefined when the zip has no such part. */
async function openPart(zip: ZipFile, entries: ReadonlyMap<string, Entry>, path: string): Promise<Readable | undefined> {
  const entry = entries.get(path.toLowerCase());
  if (!entry) return undefined;
  const stream = await zip.openReadStreamPromise(entry);
  // A streaming decoder keeps multi-byte characters intact across chunk boundaries.
  stream.setEncoding('utf8');
  return stream;
}

/** Relationship targets are relative to xl/ unless absolute ("/xl/worksheets/sheet1.xml"). */
function resolveTarget(target: string): string {
  const trimmed = target.trim().replace(/\\/g, '/');
  const path = trimmed.startsWith('/') ? trimmed.slice(1) : `xl/${trimmed}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/').toLowerCase();
}

/** yauzl's size check failing means the zip lied about its sizes: a bomb. Anything else: corrupt. */
function asRefusal(error: unknown): SheetRefusal {
  if (error instanceof SheetRefusal) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/too many bytes in the stream/i.test(message)) {
    return new SheetRefusal('zip_bomb', {
      detail: { zh: '压缩条目的实际大小超过声明', en: 'a zip entry is larger than it declares' },
      cause: error,
    });
  }
  return new SheetRefusal('corrupt_file', { cause: error });
}
