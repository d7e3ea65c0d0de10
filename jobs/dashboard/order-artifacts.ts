import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { KeyingArtifacts } from '../../bots/keying/index.ts';

export interface ArtifactFile {
  name: string;
  bytes: number;
  kind: 'screenshot' | 'trace' | 'page' | 'other';
}

export interface AttemptArtifacts {
  attempt: string;
  files: ArtifactFile[];
}

/** Names the keying bot writes; anything else in the folder is listed as a plain download. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const ATTEMPT = /^\d{1,6}$/;

function kindOf(name: string): ArtifactFile['kind'] {
  if (name.endsWith('.png')) return 'screenshot';
  if (name.endsWith('.zip')) return 'trace';
  if (name.endsWith('.html')) return 'page';
  return 'other';
}

/**
 * What failed keying attempts left on disk for one order (`<dataDir>/artifacts/<order>/<attempt>/`),
 * read from the folder itself so the page shows what can actually be downloaded. Files are served only
 * from inside that folder: names are checked, and the resolved real path must stay under it.
 */
export class OrderArtifacts {
  private readonly root: string;
  private readonly layout: KeyingArtifacts;

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'artifacts');
    this.layout = new KeyingArtifacts(resolve(dataDir));
  }

  private orderDir(orderId: string): string {
    // The keying bot's own layout, so a change to how it names folders reaches the dashboard too.
    return dirname(this.layout.dirFor(orderId, 1));
  }

  async list(orderId: string): Promise<AttemptArtifacts[]> {
    const dir = this.orderDir(orderId);
    const attempts = await readdir(dir).catch(() => [] as string[]);
    const found: AttemptArtifacts[] = [];
    for (const attempt of attempts.filter((a) => ATTEMPT.test(a)).sort((a, b) => Number(a) - Number(b))) {
      const names = await readdir(join(dir, attempt)).catch(() => [] as string[]);
      const files: ArtifactFile[] = [];
      for (const name of names.filter((n) => FILE_NAME.test(n)).sort()) {
        const info = await stat(join(dir, attempt, name)).catch(() => undefined);
        if (info?.isFile()) files.push({ name, bytes: info.size, kind: kindOf(name) });
      }
      if (files.length > 0) found.push({ attempt, files });
    }
    return found;
  }

  /** The file's path when it is a regular file inside the artifacts folder, else undefined. */
  async pathOf(orderId: string, attempt: string, name: string): Promise<{ path: string; kind: ArtifactFile['kind'] } | undefined> {
    if (!ATTEMPT.test(attempt) || !FILE_NAME.test(name)) return undefined;
    const candidate = join(this.orderDir(orderId), attempt, name);
    const [real, realRoot] = await Promise.all([realpath(candidate).catch(() => undefined), realpath(this.root).catch(() => undefined)]);
    if (!real || !realRoot) return undefined;
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return undefined;
    const info = await stat(real).catch(() => undefined);
    return info?.isFile() ? { path: real, kind: kindOf(name) } : undefined;
  }
}
