/**
 * The one line each benchmark ends with, for `npm run bench` (bench/run-all.ts) to put in the summary
 * table of bench/RESULTS.md: the headline figures, the goal and whether this run met it.
 */
export interface BenchHeadline {
  bench: string;
  figure: string;
  goal: string;
  met: boolean;
}

export const RESULT_PREFIX = 'RESULT ';

export function printHeadline(headline: BenchHeadline): void {
  console.log(`${RESULT_PREFIX}${JSON.stringify(headline)}`);
}
