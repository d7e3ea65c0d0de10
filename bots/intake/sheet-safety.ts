import type { Entry, ZipFile } from 'yauzl';
import type { IntakeLimits } from './intake-limits.ts';
import { SheetRefusal } from './sheet-refusal.ts';
import type { SheetSource } from './sheet-source.ts';

/** A sheet that passed the checks that need no parsing, ready for its reader. */
export type CheckedSheet =
  | {
      readonly kind: 'xlsx';
      readonly zip: ZipFile;
      /** Entries by lower-cased path; the central directory is the authority, never local headers. */
      readonly entries: ReadonlyMap<string, Entry>;
      close(): void;
    }
  | { readonly kind: 'csv'; readonly source: SheetSource; close(): void };

/**
 * Entries smaller than this skip the per-entry ratio check: small XML parts routinely compress
 * several hundred to one and can do no harm.
 */
export const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY_ARCHIVE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE_COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Office stores an encrypted xlsx inside an OLE file with a stream of this name (UTF-16LE in the directory). */
const ENCRYPTED_PACKAGE_MARKERS = [Buffer.from('EncryptedPackage', 'utf16le'), Buffer.from('EncryptedPackage', 'latin1')];
/** Other formats people attach by mistake; named in the refusal so the sender knows what went wrong. */
const OTHER_SIGNATURES: readonly { magic: Buffer; name: string }[] = [
  { magic: Buffer.from('%PDF'), name: 'PDF' },
  { magic: Buffer.from([0x89, 0x50, 0x4e, 0x47]), name: 'PNG' },
  { magic: Buffer.from([0xff, 0xd8, 0xff]), name: 'JPEG' },
  { magic: Buffer.from('GIF8'), name: 'GIF' },
  { magic: Buffer.from('Rar!'), name: 'RAR' },
  { magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), name: '7z' },
  { magic: Buffer.from([0x1f, 0x8b]), name: 'gzip' },
  { magic: Buffer.from('{\\rtf'), name: 'RTF' },
];
const TEXT_FILE_NAME = /\.(csv|txt|tsv)$/i;
const MACRO_PART = /(^|\/)vbaproject[^/]*\.bin$/i;
const HEAD_BYTES = 8;
const KIB = 1024;
const MIB = 1024 * 1024;

/**
 * Everything that can be judged before a parser sees the bytes: size, type by magic bytes (the name
 * decides only between plain text and nothing), and for zips the central directory read with yauzl —
 * entry count, declared sizes and ratios, encryption, macros, and whether it is a workbook at all.
 * Throws SheetRefusal; the caller must close() what it gets back.
 */
export async function checkSheetSafety(source: SheetSource, limits: IntakeLimits): Promise<CheckedSheet> {
  if (source.size === 0) throw new SheetRefusal('empty_file', { detail: { zh: '文件大小为 0', en: 'the file is 0 bytes' } });
  if (source.size > limits.maxAttachmentBytes) {
    throw new SheetRefusal('file_too_large', {
      detail: {
        zh: `上限 ${formatBytes(limits.maxAttachmentBytes)}，本文件 ${formatBytes(source.size)}`,
        en: `the limit is ${formatBytes(limits.maxAttachmentBytes)}, this file is ${formatBytes(source.size)}`,
      },
    });
  }
  const head = await source.readHead(HEAD_BYTES);
  if (startsWith(head, ZIP_LOCAL_HEADER) || startsWith(head, ZIP_EMPTY_ARCHIVE)) return inspectZip(source, limits);
  if (startsWith(head, OLE_COMPOUND_FILE)) {
    const whole = await source.readAll();
    if (ENCRYPTED_PACKAGE_MARKERS.some((marker) => whole.includes(marker))) throw new SheetRefusal('encrypted_workbook');
    throw new SheetRefusal('unsupported_type', {
      detail: {
        zh: '这是旧版 Office 文件（如 .xls），请另存为 .xlsx',
        en: 'this is a legacy Office file (such as .xls); save it as .xlsx',
      },
    });
  }
  const other = OTHER_SIGNATURES.find(({ magic }) => startsWith(head, magic));
  if (other) {
    throw new SheetRefusal('unsupported_type', { detail: { zh: `收到的是 ${other.name} 文件`, en: `this is a ${other.name} file` } });
  }
  if (TEXT_FILE_NAME.test(source.fileName)) return { kind: 'csv', source, close: () => undefined };
  throw new SheetRefusal('unsupported_type', {
    detail: { zh: `无法识别“${source.fileName}”的格式`, en: `the format of "${source.fileName}" is not recognised` },
  });
}

async function inspectZip(source: SheetSource, limits: IntakeLimits): Promise<CheckedSheet> {
  let zip: ZipFile;
  try {
    zip = await source.openZip();
  } catch (error) {
    throw new SheetRefusal('corrupt_file', { cause: error });
  }
  try {
    const entries = await readCentralDirectory(zip, source.size, limits);
    return { kind: 'xlsx', zip, entries, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

async function readCentralDirectory(zip: ZipFile, fileSize: number, limits: IntakeLimits): Promise<Map<string, Entry>> {
  if (zip.entryCount > limits.maxZipEntries) {
    throw zipBomb(`${zip.entryCount} 个压缩条目，上限 ${limits.maxZipEntries}`, `${zip.entryCount} zip entries, the limit is ${limits.maxZipEntries}`);
  }
  const entries = new Map<string, Entry>();
  let totalUncompressed = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (entries.size >= limits.maxZipEntries) {
        throw zipBomb(`压缩条目超过 ${limits.maxZipEntries} 个`, `more than ${limits.maxZipEntries} zip entries`);
      }
      const name = entry.fileName.toLowerCase();
      if (entry.isEncrypted()) throw new SheetRefusal('encrypted_workbook');
      if (MACRO_PART.test(name)) throw new SheetRefusal('macro_workbook');
      totalUncompressed += entry.uncompressedSize;
      if (totalUncompressed > limits.maxUncompressedBytes) {
        throw zipBomb(
          `解压后超过 ${formatBytes(limits.maxUncompressedBytes)}`,
          `it expands to more than ${formatBytes(limits.maxUncompressedBytes)}`,
        );
      }
      if (
        entry.uncompressedSize >= RATIO_CHECK_MIN_BYTES &&
        entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio
      ) {
        throw zipBomb(
          `条目 ${entry.fileName} 的压缩比超过 ${limits.maxCompressionRatio}:1`,
          `entry ${entry.fileName} is compressed more than ${limits.maxCompressionRatio}:1`,
        );
      }
      if (entry.fileName.endsWith('/')) continue;
      if (entries.has(name)) throw new SheetRefusal('corrupt_file', { detail: { zh: '压缩条目重名', en: 'duplicate zip entries' } });
      if (!entry.canDecodeFileData()) {
        throw new SheetRefusal('corrupt_file', { detail: { zh: '不支持的压缩方式', en: 'unsupported compression method' } });
      }
      entries.set(name, entry);
    }
  } catch (error) {
    if (error instanceof SheetRefusal) throw error;
    throw new SheetRefusal('corrupt_file', { cause: error });
  }
  if (totalUncompressed >= RATIO_CHECK_MIN_BYTES && totalUncompressed > fileSize * limits.maxCompressionRatio) {
    throw zipBomb(`整体压缩比超过 ${limits.maxCompressionRatio}:1`, `the file is compressed more than ${limits.maxCompressionRatio}:1 overall`);
  }
  if (!entries.has('xl/workbook.xml')) throw notAWorkbook(entries);
  return entries;
}

function notAWorkbook(entries: ReadonlyMap<string, Entry>): SheetRefusal {
  const kind = entries.has('xl/workbook.bin')
    ? { zh: '这是二进制工作簿（.xlsb），请另存为 .xlsx', en: 'this is a binary workbook (.xlsb); save it as .xlsx' }
    : entries.has('word/document.xml')
      ? { zh: '这是 Word 文档', en: 'this is a Word document' }
      : entries.has('ppt/presentation.xml')
        ? { zh: '这是 PowerPoint 文档', en: 'this is a PowerPoint file' }
        : { zh: '压缩包中没有工作簿', en: 'the zip holds no workbook' };
  return new SheetRefusal('unsupported_type', { detail: kind });
}

function zipBomb(zh: string, en: string): SheetRefusal {
  return new SheetRefusal('zip_bomb', { detail: { zh, en } });
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

function formatBytes(bytes: number): string {
  if (bytes < KIB) return `${bytes} bytes`;
  const [unit, size] = bytes < MIB ? ['KiB', bytes / KIB] : ['MiB', bytes / MIB];
  return `${Number.isInteger(size) ? size : size.toFixed(1)} ${unit}`;
}
