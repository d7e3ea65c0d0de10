/**
 * Intake parser benchmark: `npx tsx bench/intake-parse.bench.ts [rows=100000] [--no-isolated]`.
 *
 * Writes an order workbook with the sample-sheet generator, then, in this one process, times
 * (a) a bare exceljs streaming read of the same file (every row's values touched) — the floor — and
 * (b) readOrderSheet with validation of every row. Reports rows, both times, the ratio and the peak
 * RSS sampled every 50 ms during each phase. Absolute times drift on these machines; the ratio is
 * the figure to watch. A full GC runs before each phase. Unless --no-isolated, each phase is then run once more in a child process of
 * its own and its VmHWM (peak RSS from /proc/self/status) reported, which is not polluted by the
 * other phase's garbage.
 *
 * Goals: ratio <= 2x, peak RSS <= 350 MB.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { readOrderSheet } from '../bots/intake/read-order-sheet.ts';
import { writeBigOrderXlsx } from '../fixtures/sample-sheets/make-order-sheets.ts';

const DEFAULT_ROWS = 100_000;
const WARM_UP_ROWS = 2_000;
const RSS_SAMPLE_INTERVAL_MS = 50;
const GOAL_RATIO = 2;
const GOAL_PEAK_RSS_MB = 350;
const MB = 1024 * 1024;

type Mode = 'bare' | 'intake';

// A full collection before each phase keeps one phase's garbage out of the next one's RSS figure.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface PhaseResult {
  rows: number;
  /** Cells seen by the bare read (proof the values were touched). */
  cells?: number;
  ms: number;
  /** RSS when the phase started: in-process phases inherit what earlier phases left mapped. */
  startRssMb: number;
  peakRssMb: number;
  accepted?: number;
  rejected?: number;
  firstErrors?: string[];
}

/** The floor: exceljs' own streaming reader with the options the intake uses, every row's values read. */
async function bareRead(path: string): Promise<{ rows: number; cells: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let rows = 0;
  let cells = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      cells += values.length;
      rows += 1;
    }
    break; // the first worksheet, as the intake reads
  }
  return { rows, cells };
}

async function intakeRead(path: string, fileBytes: number): Promise<Omit<PhaseResult, 'ms' | 'startRssMb' | 'peakRssMb'>> {
  let rows = 0;
  let accepted = 0;
  const firstErrors: string[] = [];
  // A 100k-row sheet of this shape is ~11 MiB, over the 10 MiB attachment default: raise the cap only.
  const limits = { maxAttachmentBytes: Math.max(fileBytes, 10 * MB) };
  for await (const result of readOrderSheet({ path }, { limits })) {
    rows += 1;
    if (result.status === 'accepted') accepted += 1;
    else if (firstErrors.length < 5) firstErrors.push(`row ${result.row}: ${result.errors.map((e) => e.code).join(',')}`);
  }
  return { rows, accepted, rejected: rows - accepted, firstErrors };
}

async function phase(mode: Mode, path: string, fileBytes: number): Promise<PhaseResult> {
  collectGarbage();
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, RSS_SAMPLE_INTERVAL_MS);
  const started = performance.now();
  try {
    const outcome = mode === 'bare' ? await bareRead(path) : await intakeRead(path, fileBytes);
    const ms = performance.now() - started;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { ...outcome, ms, startRssMb: start / MB, peakRssMb: peak / MB };
  } finally {
    clearInterval(sampler);
  }
}

function vmHwmMb(): number {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
}

/** One phase in a fresh child process; its own VmHWM is its peak RSS. */
function isolated(mode: Mode, path: string, fileBytes: number): Promise<PhaseResult & { vmHwmMb: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [`--child=${mode}`, path, String(fileBytes)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (message) => resolve(message as PhaseResult & { vmHwmMb: number }));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`child ${mode} exited with ${code}`));
    });
  });
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mb = (value: number): string => `${value.toFixed(0)} MB`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = args.find((a) => a.startsWith('--child='));
  if (child) {
    const mode = child.slice('--child='.length) as Mode;
    const result = await phase(mode, args[1] ?? '', Number(args[2]));
    process.send?.({ ...result, vmHwmMb: vmHwmMb() });
    return;
  }
  const rowsArg = args.find((a) => /^(rows=)?\d+$/.test(a));
  const rowCount = rowsArg ? Number(rowsArg.replace('rows=', '')) : DEFAULT_ROWS;
  const runIsolated = !args.includes('--no-isolated');

  const dir = await mkdtemp(join(tmpdir(), 'orderdesk-bench-'));
  try {
    const path = join(dir, `orders-${rowCount}.xlsx`);
    const warmPath = join(dir, 'warm-up.xlsx');
    let started = performance.now();
    await writeBigOrderXlsx(path, rowCount);
    const bytes = (await stat(path)).size;
    console.log(`wrote ${rowCount.toLocaleString('en-US')} rows, ${(bytes / MB).toFixed(1)} MiB, in ${fmt(performance.now() - started)}`);
    await writeBigOrderXlsx(warmPath, WARM_UP_ROWS);
    const warmBytes = (await stat(warmPath)).size;
    await phase('bare', warmPath, warmBytes);
    await phase('intake', warmPath, warmBytes);

    started = performance.now();
    const bare = await phase('bare', path, bytes);
    const ours = await phase('intake', path, bytes);
    const ratio = ours.ms / bare.ms;
    console.log(`(a) bare exceljs streaming read: ${bare.rows.toLocaleString('en-US')} rows in ${fmt(bare.ms)}, peak RSS ${mb(bare.peakRssMb)} (from ${mb(bare.startRssMb)})`);
    console.log(
      `(b) readOrderSheet + validation: ${ours.rows.toLocaleString('en-US')} rows (${ours.accepted} accepted, ${ours.rejected} rejected) in ${fmt(ours.ms)}, peak RSS ${mb(ours.peakRssMb)} (from ${mb(ours.startRssMb)}: same process, after (a) and a full GC)`,
    );
    if (ours.firstErrors && ours.firstErrors.length > 0) console.log(`    first rejections: ${ours.firstErrors.join('; ')}`);
    console.log(`ratio (b)/(a): ${ratio.toFixed(2)}x  [goal <= ${GOAL_RATIO}x: ${ratio <= GOAL_RATIO ? 'met' : 'MISSED'}]`);
    console.log(`peak RSS of this process so far (VmHWM, includes generating the file): ${mb(vmHwmMb())}`);

    if (runIsolated) {
      const bareAlone = await isolated('bare', path, bytes);
      const oursAlone = await isolated('intake', path, bytes);
      console.log(`isolated (a) bare: ${fmt(bareAlone.ms)}, VmHWM ${mb(bareAlone.vmHwmMb)}`);
      console.log(`isolated (b) intake: ${fmt(oursAlone.ms)}, VmHWM ${mb(oursAlone.vmHwmMb)}  [goal <= ${GOAL_PEAK_RSS_MB} MB: ${oursAlone.vmHwmMb <= GOAL_PEAK_RSS_MB ? 'met' : 'MISSED'}]`);
      console.log(`isolated ratio: ${(oursAlone.ms / bareAlone.ms).toFixed(2)}x`);
    } else {
      console.log(`[peak RSS goal <= ${GOAL_PEAK_RSS_MB} MB, in-process figure for (b): ${ours.peakRssMb <= GOAL_PEAK_RSS_MB ? 'met' : 'MISSED'}]`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
