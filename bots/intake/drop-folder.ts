import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A file younger than this may still be being copied in; it is claimed on a later scan. */
export const DROP_SETTLE_MS = 2_000;
const RESULT_SUFFIX = '.result.xlsx';

export const DROP_SUBFOLDERS = { processing: 'processing', processed: 'processed', rejected: 'rejected' } as const;

function isCandidate(name: string): boolean {
  // Hidden files, Office lock files (~$x.xlsx) and our own result workbooks are never submissions.
  return !name.startsWith('.') && !name.startsWith('~$') && !name.endsWith(RESULT_SUFFIX);
}

/** The name the submitter gave the file, from a claimed path (`<claim stamp>--<original name>`). */
export function originalName(claimedPath: string): string {
  const name = basename(claimedPath);
  const split = name.indexOf('--');
  return split === -1 ? name : name.slice(split + 2);
}

/**
 * Claims every settled file in the drop folder by renaming it into `processing/`: a rename is atomic,
 * so when two schedulers scan at once each file is claimed by exactly one. Returns every file waiting in
 * `processing/`, including claims a crashed run left behind, so they are (idempotently) enqueued again.
 */
export async function claimDroppedFiles(folder: string, now = Date.now()): Promise<string[]> {
  for (const sub of Object.values(DROP_SUBFOLDERS)) await mkdir(join(folder, sub), { recursive: true });
  const processing = join(folder, DROP_SUBFOLDERS.processing);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isFile() || !isCandidate(entry.name)) continue;
    const path = join(folder, entry.name);
    const info = await stat(path).catch(() => undefined);
    if (!info || now - info.mtimeMs < DROP_SETTLE_MS) continue;
    const claimed = join(processing, `${new Date(now).toISOString().replace(/[:.]/g, '')}--${entry.name}`);
    try {
      await rename(path, claimed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // another scanner was first
    }
  }
  const waiting = await readdir(processing, { withFileTypes: true });
  return waiting.filter((e) => e.isFile() && isCandidate(e.name)).map((e) => join(processing, e.name)).sort();
}

export function resultPathFor(claimedPath: string): string {
  return `${claimedPath}${RESULT_SUFFIX}`;
}

/** Writes the result workbook beside the claimed file, where the submitter will find it after the move. */
export async function writeDropResult(claimedPath: string, workbook: Buffer): Promise<void> {
  await writeFile(resultPathFor(claimedPath), workbook);
}

/** Moves a finished file and its result workbook out of `processing/`. Safe to repeat. */
export async function finishDroppedFile(claimedPath: string, outcome: 'processed' | 'rejected'): Promise<string> {
  const target = join(dirname(dirname(claimedPath)), DROP_SUBFOLDERS[outcome]);
  await mkdir(target, { recursive: true });
  for (const path of [claimedPath, resultPathFor(claimedPath)]) {
    await rename(path, join(target, basename(path))).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return join(target, basename(claimedPath));
}
