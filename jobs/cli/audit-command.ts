import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { readAuditFile, verifyAuditTable, writeAuditExport } from '../../bots/audit/index.ts';
import { endOfLocalDay, startOfLocalDay } from '../../core/calendar/index.ts';
import { AuditReader } from '../../core/ledger/audit-reader.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

interface ExportOptions {
  from: string;
  to: string;
  out: string;
  csv?: boolean;
}

/** Who ran the export, as the trail names them: the operating-system account at the console. */
function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
}

async function exportCommand(options: ExportOptions, command: Command): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    const settings = settingsFor(command);
    const from = startOfLocalDay(options.from, settings.timezone);
    const to = endOfLocalDay(options.to, settings.timezone);
    if (!from || !to || from >= to) {
      process.stderr.write(`--from and --to are days as YYYY-MM-DD, --from not after --to (got ${options.from} and ${options.to})\n`);
      process.exitCode = 2;
      return;
    }
    runtime = await Runtime.create(settings);
    const events = await new AuditReader(runtime.redis, settings.redis.prefix).eventsBetween(from, to);
    const format = options.csv ? 'csv' : 'xlsx';
    const window = `from ${options.from} to ${options.to}`;
    const { rows, digest } = await writeAuditExport(runtime.ledger, { events, timeZone: settings.timezone, window, path: options.out, format, actor: cliActor() });
    process.stdout.write(`wrote ${rows} audit events (${window}, ${settings.timezone}) to ${options.out}; digest ${digest}\n`);
  } catch (error) {
    exitOnConfigError(error);
  } finally {
    await runtime?.close();
  }
}

async function verifyCommand(file: string): Promise<void> {
  let rows: string[][];
  try {
    rows = await readAuditFile(file);
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}\n`);
    process.exitCode = 2;
    return;
  }
  const verdict = verifyAuditTable(rows);
  if (verdict.ok) {
    process.stdout.write(`OK: ${file} holds: ${verdict.rows} events in ${verdict.chains} chains, every hash and link recomputed\n`);
    return;
  }
  process.stdout.write(`BROKEN: ${file}, row ${verdict.row}: ${verdict.problem}\n`);
  process.exitCode = 1;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit trail: evidence for compliance');
  audit
    .command('export')
    .description('write every audit event of a date range (firm time zone) to xlsx or csv, one row per event, with its chain hash')
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .requiredOption('--to <YYYY-MM-DD>', 'last day (inclusive)')
    .requiredOption('--out <file>', 'the file to write')
    .option('--csv', 'write csv (UTF-8) instead of xlsx')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(exportCommand);
  audit
    .command('verify')
    .description('recompute an export\'s hash chains: exit 0 when it holds, 1 naming the first changed, removed or moved row')
    .argument('<file>', 'an export written by audit export (xlsx or csv)')
    .action(verifyCommand);
}
