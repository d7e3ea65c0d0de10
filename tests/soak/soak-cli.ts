// `npm run soak [-- orders=1000 sheets=100 seed=1]`: the whole system under faults; exit 1 on any loss or duplicate.
import { printHeadline } from '../../bench/bench-result.ts';
import { runSoak } from './soak-run.ts';
import { soakTable } from './soak-checks.ts';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
const number = (key: string, fallback: number): number => {
  const value = Number(args[key] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`soak: ${key} must be a positive number\n`);
    process.exit(2);
  }
  return value;
};

const orders = number('orders', 1_000);
const report = await runSoak({
  orders,
  sheets: number('sheets', 100),
  seed: number('seed', 1),
  mailingWindowMs: number('window', Math.max(60, orders / 5)) * 1_000,
  relayOutageMs: 30_000,
  drainTimeoutMs: number('drain', Math.max(300, orders * 2)) * 1_000,
  crmLatencyMs: number('latency', 150),
  invoiceCount: number('invoices', 2_000),
  log: (line) => process.stderr.write(`${line}\n`),
});
const drain = report.figures['time to drain (s)'];
printHeadline({ bench: `soak, ${orders} orders under faults`, figure: `drained in ${drain} s, ${report.problems.length} problems`, goal: 'nothing lost or doubled', met: report.ok });
process.stdout.write(`\nSoak of ${orders} orders (${new Date().toISOString().slice(0, 16)}Z):\n${soakTable(report)}`);
process.exitCode = report.ok ? 0 : 1;
