import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds the long integration files take on a quiet 2-core machine (measured 2026-12-02; only the order
 * matters). On a fresh clone vitest knows no durations and runs larger files first, which put the two
 * longest files, the demo and the soak (small files), last: the run then ends with minutes of them alone.
 * Tryton's first file also waits for the seed (about a minute on a fresh clone), so the demo comes first.
 */
const EXPECTED_SECONDS: Readonly<Record<string, number>> = {
  'tests/integration/demo/demo-once.test.ts': 130,
  'tests/integration/tryton/tryton-dunning.test.ts': 120,
  'tests/integration/tryton/tryton-keying.test.ts': 115,
  'tests/integration/soak-short.test.ts': 100,
  'tests/integration/keying/keying-crash-recovery.test.ts': 80,
  'tests/integration/tryton/tryton-receivables.test.ts': 75,
  'tests/integration/dunning/dunning-run.test.ts': 73,
  'tests/integration/keying/keying-faults.test.ts': 70,
  'tests/integration/tryton/tryton-target.test.ts': 60,
  'tests/integration/keying/selectors-check.test.ts': 45,
  'tests/integration/keying/keying-pause.test.ts': 30,
  'tests/integration/keying/keying-happy-path.test.ts': 26,
  'tests/integration/keying/keying-stalled.test.ts': 22,
};

/**
 * Longest first (the classic rule for a few workers and unequal jobs: nothing long is left for the end).
 * A file's duration from vitest's cache of the last run wins over the table; files in neither keep
 * vitest's own order, after the known long ones. Group order and projects stay as vitest has them.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification): number => {
      const file = relative(root, spec.moduleId);
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`)?.duration;
      return cached !== undefined ? cached / 1000 : (EXPECTED_SECONDS[file] ?? 0);
    };
    const rank = new Map(sorted.map((spec, i) => [spec, i]));
    return [...sorted].sort((a, b) => {
      const sameGroup = a.project.config.sequence.groupOrder === b.project.config.sequence.groupOrder && a.project.name === b.project.name;
      if (!sameGroup) return (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
      return seconds(b) - seconds(a) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
    });
  }
}
