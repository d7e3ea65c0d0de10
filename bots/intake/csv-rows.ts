import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { SheetRefusal } from './sheet-refusal.ts';
import type { SheetRow } from './sheet-row.ts';
import type { SheetSource } from './sheet-source.ts';

/**
 * Rows of a csv whose encoding is detected, not configured: a BOM decides (UTF-8, or UTF-16 as
 * Excel's "Unicode text" writes it); otherwise strict UTF-8 if the whole file decodes, else GB18030
 * (a superset of GBK and GB2312) if that decodes strictly; otherwise 'undecodable_text'. Files with
 * NUL or other control bytes (UTF-16 without a BOM, binaries) are refused the same way. The file is
 * streamed twice (detect, then parse) and never held decoded as a whole.
 */
export interface CsvSheet {
  readonly encoding: CsvEncoding;
  readonly delimiter: string;
  readonly rows: AsyncGenerator<SheetRow>;
}

export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);
/** Candidate delimiters, comma first so it wins ties. */
const DELIMITERS = [',', '\t', ';'] as const;
/** Lines looked at to choose the delimiter (the header sits within the first 20). */
const DELIMITER_SAMPLE_LINES = 25;
const DELIMITER_SAMPLE_CHARS = 64 * 1024;
/** A single record larger than this is not an order row. */
const MAX_RECORD_CHARS = 1024 * 1024;

export async function openCsvRows(source: SheetSource): Promise<CsvSheet> {
  const head = await source.readHead(4);
  const encoding = await detectEncoding(source, head);
  const bomLength = encoding === 'utf-8' ? (startsWith(head, UTF8_BOM) ? 3 : 0) : encoding === 'gb18030' ? 0 : 2;
  const sample = await decodedSample(source, encoding, bomLength);
  if (sample.trim() === '') throw new SheetRefusal('empty_file');
  const delimiter = detectDelimiter(sample);
  return { encoding, delimiter, rows: csvRows(source, encoding, bomLength, delimiter) };
}

async function detectEncoding(source: SheetSource, head: Buffer): Promise<CsvEncoding> {
  if (startsWith(head, UTF16LE_BOM)) return 'utf-16le';
  if (startsWith(head, UTF16BE_BOM)) return 'utf-16be';
  if (await decodesStrictly(source, 'utf-8')) return 'utf-8';
  // A UTF-8 BOM on bytes that are not UTF-8 is not GB18030 either: refuse rather than guess.
  if (!startsWith(head, UTF8_BOM) && (await decodesStrictly(source, 'gb18030'))) return 'gb18030';
  throw new SheetRefusal('undecodable_text');
}

/**
 * True when every byte decodes and there are no control bytes besides tab, CR and LF. Bytes below
 * 0x80 are ASCII in both UTF-8 and GB18030 (no trail byte is that low), so a raw scan suffices.
 */
async function decodesStrictly(source: SheetSource, encoding: 'utf-8' | 'gb18030'): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of source.chunks()) {
      if (hasControlBytes(chunk)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

function hasControlBytes(chunk: Buffer): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const byte = chunk[i] ?? 0;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return true;
  }
  return false;
}

async function* decodedChunks(source: SheetSource, encoding: CsvEncoding, bomLength: number): AsyncGenerator<string> {
  // utf-8 and gb18030 were checked strictly already; UTF-16 has no pre-check, so bad pairs become U+FFFD.
  // ignoreBOM keeps the decoder from touching the BOM, which is skipped by length below.
  const decoder = new TextDecoder(encoding, { fatal: !encoding.startsWith('utf-16'), ignoreBOM: true });
  let skip = bomLength;
  for await (const raw of source.chunks()) {
    let chunk = raw;
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      chunk = chunk.subarray(dropped);
      skip -= dropped;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

async function decodedSample(source: SheetSource, encoding: CsvEncoding, bomLength: number): Promise<string> {
  let sample = '';
  for await (const text of decodedChunks(source, encoding, bomLength)) {
    sample += text;
    if (sample.length >= DELIMITER_SAMPLE_CHARS) break;
  }
  return sample;
}

/** The candidate seen most often outside quotes in the first lines; comma when nothing stands out. */
function detectDelimiter(sample: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let lines = 0;
  for (const ch of sample.slice(0, DELIMITER_SAMPLE_CHARS)) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n' && ++lines >= DELIMITER_SAMPLE_LINES) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

async function* csvRows(source: SheetSource, encoding: CsvEncoding, bomLength: number, delimiter: string): AsyncGenerator<SheetRow> {
  const input = Readable.from(decodedChunks(source, encoding, bomLength));
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    info: true,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let lastLine = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = lastLine + 1;
      lastLine = item.info.lines;
      yield { row, cells: [undefined, ...item.record] };
    }
  } catch (error) {
    if (error instanceof SheetRefusal) throw error;
    throw new SheetRefusal('corrupt_file', {
      detail: { zh: `第 ${lastLine + 1} 行附近的 CSV 格式有误`, en: `malformed CSV near line ${lastLine + 1}` },
      cause: error,
    });
  } finally {
    input.destroy();
    parser.destroy();
  }
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}
