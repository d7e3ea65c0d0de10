import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import yauzl from 'yauzl';

export type SheetInput = { path: string; fileName?: string } | { content: Buffer; fileName: string };

/** Bytes read per chunk when streaming a file or slicing a buffer. */
const CHUNK_BYTES = 64 * 1024;

/** Uniform access to a sheet given as a path or as bytes in memory. */
export interface SheetSource {
  /** The name as received (used for the type decision when the bytes are plain text). */
  readonly fileName: string;
  readonly size: number;
  /** Up to `bytes` bytes from the start. */
  readHead(bytes: number): Promise<Buffer>;
  /** The whole file. Call only after the size check. */
  readAll(): Promise<Buffer>;
  /** The file in order, in chunks of at most CHUNK_BYTES. */
  chunks(): AsyncIterable<Buffer>;
  /** The file as a zip, entries read lazily, sizes validated while inflating. */
  openZip(): Promise<yauzl.ZipFile>;
}

const ZIP_OPTIONS = { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true } as const;

/**
 * A missing or unreadable path is a system fault (thrown plainly, retried), not a refusal of the sheet.
 */
export async function openSheetSource(input: SheetInput): Promise<SheetSource> {
  if ('content' in input) return bufferSource(input.content, input.fileName);
  const { path } = input;
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`Not a file: ${path}`);
  return {
    fileName: input.fileName ?? basename(path),
    size: info.size,
    async readHead(bytes) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(bytes, info.size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    async readAll() {
      const parts: Buffer[] = [];
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) parts.push(chunk as Buffer);
      return Buffer.concat(parts);
    },
    chunks() {
      return createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>;
    },
    openZip() {
      return yauzl.openPromise(path, ZIP_OPTIONS);
    },
  };
}

function bufferSource(content: Buffer, fileName: string): SheetSource {
  return {
    fileName,
    size: content.length,
    readHead: async (bytes) => content.subarray(0, bytes),
    readAll: async () => content,
    async *chunks() {
      for (let offset = 0; offset < content.length; offset += CHUNK_BYTES) {
        yield content.subarray(offset, offset + CHUNK_BYTES);
      }
    },
    openZip: () => yauzl.fromBufferPromise(content, ZIP_OPTIONS),
  };
}
