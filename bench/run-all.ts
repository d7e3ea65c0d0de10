/**
 * `npm run bench`: every benchmark, one after another (they would slow each other down side by side),
 * then bench/RESULTS.md rewritten: a summary table from each one's RESULT lines, and what each printed.
 * Hand-written notes below the NOTES_MARKER line of the old file are kept.
 * Options: soak-orders=1000 keying-orders=60 keying-tryton-orders=12 intake-rows=100000 dunning-invoices=10000 only=intake,keying
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { RESULT_PREFIX, type BenchHeadline } from './bench-result.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url));
const NOTES_MARKER = '<!-- notes: kept by npm run bench -->';

const options = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const option = (key: string, fallback: string): string => options[key] ?? fallback;

interface Benchmark {
  name: string;
  command: string[];
}

const BENCHMARKS: Benchmark[] = [
  { name: 'intake', command: ['tsx', 'bench/intake.bench.ts', `rows=${option('intake-rows', '100000')}`] },
  { name: 'keying', command: ['tsx', 'bench/keying.bench.ts', option('keying-orders', '60')] },
  // After 'keying': it prints the Acme suite's figure beside its own, read from the RESULTS.md just written.
  { name: 'keying-tryton', command: ['tsx', 'bench/keying-tryton.bench.ts', option('keying-tryton-orders', '12')] },
  { name: 'email-to-crm', command: ['tsx', 'bench/email-to-crm.bench.ts'] },
  { name: 'dunning', command: ['tsx', 'bench/dunning.bench.ts', `invoices=${option('dunning-invoices', '10000')}`] },
  { name: 'soak', command: ['tsx', 'tests/soak/soak-cli.ts', `orders=${option('soak-orders', '1000')}`, `sheets=${Math.max(1, Math.round(Number(option('soak-orders', '1000')) / 10))}`] },
];

function run(bench: Benchmark): Promise<{ output: string; code: number | null; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', bench.command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once('exit', (code) => resolve({ output, code, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

const only = options['only']?.split(',');
const chosen = BENCHMARKS.filter((b) => !only || only.includes(b.name));
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} at the start`;
const headlines: (BenchHeadline & { seconds: number })[] = [];
const sections: string[] = [];
const notes = existsSync(RESULTS) && readFileSync(RESULTS, 'utf8').includes(NOTES_MARKER) ? readFileSync(RESULTS, 'utf8').split(NOTES_MARKER)[1] ?? '' : '\n';

/** Rewritten after every benchmark, so a run stopped half way still leaves what it measured. */
function writeResults(): void {
  const table = ['| benchmark | figure | goal | met |', '| --- | --- | --- | --- |', ...headlines.map((h) => `| ${h.bench} | ${h.figure} | ${h.goal} | ${h.met ? 'yes' : '**no**'} |`)];
  writeFileSync(
    RESULTS,
    [
      '# Benchmark results',
      '',
      `Written by \`npm run bench\` on ${date} UTC: ${machine}. Absolute times drift on these shared machines;`,
      'the ratios against floors measured in the same run are the figures to compare.',
      '',
      ...table,
      '',
      ...sections,
      NOTES_MARKER + notes,
    ].join('\n'),
  );
}

for (const bench of chosen) {
  console.log(`\n== ${bench.name}: npx ${bench.command.join(' ')}`);
  const { output, code, seconds } = await run(bench);
  const lines = output.split('\n');
  for (const line of lines.filter((l) => l.startsWith(RESULT_PREFIX))) headlines.push({ ...(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchHeadline), seconds });
  if (code !== 0) headlines.push({ bench: bench.name, figure: `exited with ${code}`, goal: '-', met: false, seconds });
  const printed = lines.filter((l) => !l.startsWith(RESULT_PREFIX)).join('\n').trim();
  sections.push(`## ${bench.name}\n\n\`npx ${bench.command.join(' ')}\` (${seconds} s)\n\n\`\`\`\n${printed}\n\`\`\`\n`);
  writeResults();
}

console.log(`\nbench/RESULTS.md rewritten (${headlines.filter((h) => h.met).length}/${headlines.length} goals met)`);
