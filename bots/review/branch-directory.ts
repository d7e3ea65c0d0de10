import { fileURLToPath } from 'node:url';
import { branchesSchema, type BranchesConfig } from '../../config/branches-schema.ts';
import { loadYamlConfig } from '../../core/config/load-yaml-config.ts';
import type { BranchFacts } from '../../selectors/contract/crm-facts.ts';

export const DEFAULT_BRANCHES_PATH = fileURLToPath(new URL('../../config/branches.yaml', import.meta.url));

/** One branch of the directory: the CRM's code, its names (official first) and its manager's role. */
export interface DirectoryBranch {
  code: string;
  namesZh: string[];
  namesEn: string[];
  managerRole: string;
}

export type BranchResolution =
  | { kind: 'found'; branch: DirectoryBranch }
  /** Fits no branch: `closest` lists the known names nearest to what was written. */
  | { kind: 'unknown'; closest: string[] }
  /** Fits more than one branch (上海分行 with two Shanghai sub-branches): every branch it fits. */
  | { kind: 'ambiguous'; candidates: DirectoryBranch[] };

/** How many close names a refusal lists. */
const CLOSEST_NAMES = 3;
/** Words that say "a branch" rather than which one: 上海分行 names the city, not the sub-branch. */
const GENERIC_WORDS = /分行营业部|营业部|分行|支行|网点|sub-branch|branch|office/giu;

/** Width, case, spaces and apostrophes ignored: "ＳＨ－ＰＤ", "Shanghai Jing'an", "shanghai jingan" compare as written alike. */
function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s'’·.\-_()（）]/g, '');
}

function core(text: string): string {
  return normalise(text.normalize('NFKC').replace(GENERIC_WORDS, ''));
}

export function labelOf(branch: DirectoryBranch): string {
  return [branch.code, branch.namesZh[0], branch.namesEn[0]].filter(Boolean).join(' ');
}

/**
 * The firm's branches by code, name and alias (config/branches.yaml). Only a code or a name written
 * exactly (up to width, case and spacing) resolves; anything else is refused with the nearest names,
 * because a guessed branch routes the order to the wrong manager and keys it at the wrong branch.
 */
export class BranchDirectory {
  readonly branches: readonly DirectoryBranch[];
  private readonly byName = new Map<string, DirectoryBranch>();

  constructor(
    config: BranchesConfig,
    readonly source = 'branch directory',
  ) {
    this.branches = Object.entries(config.branches).map(([code, entry]) => ({ code, namesZh: entry.names.zh, namesEn: entry.names.en, managerRole: entry.managerRole }));
    for (const branch of this.branches) {
      for (const name of [branch.code, ...branch.namesZh, ...branch.namesEn]) {
        const key = normalise(name);
        const other = this.byName.get(key);
        if (other && other.code !== branch.code) throw new Error(`${source}: the name "${name}" is given to both ${other.code} and ${branch.code}`);
        this.byName.set(key, branch);
      }
    }
  }

  static load(path: string = DEFAULT_BRANCHES_PATH): BranchDirectory {
    return new BranchDirectory(loadYamlConfig(path, branchesSchema), path);
  }

  resolve(written: string): BranchResolution {
    const exact = this.byName.get(normalise(written));
    if (exact) return { kind: 'found', branch: exact };
    const wanted = core(written);
    if (wanted !== '') {
      const fits = this.branches.filter((b) => [b.code, ...b.namesZh, ...b.namesEn].some((name) => {
        const known = core(name);
        return known !== '' && (known.includes(wanted) || wanted.includes(known));
      }));
      if (fits.length > 1) return { kind: 'ambiguous', candidates: fits };
      if (fits.length === 1 && fits[0]) return { kind: 'unknown', closest: [labelOf(fits[0])] };
    }
    return { kind: 'unknown', closest: this.closest(written) };
  }

  /** The branches whose names are nearest to `written` (edit distance), as "CODE 中文名 English name". */
  private closest(written: string): string[] {
    const wanted = normalise(written);
    const scored = this.branches.map((b) => ({ b, d: Math.min(...[b.code, ...b.namesZh, ...b.namesEn].map((n) => distance(wanted, normalise(n)))) }));
    return scored.sort((x, y) => x.d - y.d).slice(0, CLOSEST_NAMES).map((s) => labelOf(s.b));
  }

  /**
   * Where the directory and the CRM's own list disagree: a code the CRM does not have (orders for it
   * would be refused at keying, after every approval). Empty when they agree.
   */
  disagreementsWith(crmBranches: readonly BranchFacts[]): string[] {
    const known = new Set(crmBranches.map((b) => b.code.trim().toUpperCase()));
    return this.branches.filter((b) => !known.has(b.code)).map((b) => `${this.source}: branch ${b.code} is not in the CRM's list of branches (${[...known].join(', ')})`);
  }
}

/** Levenshtein distance over code points; names are short. */
function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length] ?? 0;
}
