import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { intakeSheet, type IntakeRowResult } from '../../bots/intake/intake-sheet.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { jobIdFor } from '../queue-catalogue.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

/** Rows are sent to the review queue in bulk, this many at a time. */
const REVIEW_ENQUEUE_BATCH = 1_000;
/** Below this many rows a progress bar is noise. */
const PROGRESS_AFTER_ROWS = 2_000;

interface ImportOptions {
  dryRun?: boolean;
  json?: boolean;
  sheet?: string;
}

function tableLine(row: IntakeRowResult): string {
  const status = row.status === 'accepted' ? 'accepted' : 'REJECTED';
  const problems = row.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return [String(row.row).padStart(6), status.padEnd(9), String(row.order.externalRef ?? '-').padEnd(20), String(row.order.amount ?? '').padStart(16), problems].join('  ');
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('read order sheets (xlsx, csv), validate every row, and put accepted orders in like mailed ones')
    .argument('<files...>', 'xlsx or csv files')
    .option('--dry-run', 'validate only: nothing is recorded or queued')
    .option('--json', 'one JSON line per data row, then a summary line')
    .option('--sheet <name>', 'worksheet to read (default: the first)')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(async (files: string[], options: ImportOptions, command: Command) => {
      let runtime: Runtime | undefined;
      let exitCode = 0;
      try {
        const settings = settingsFor(command);
        // A dry run still looks references up in the ledger when there is one, and records nothing.
        if (!options.dryRun || settings.redis.url) runtime = await Runtime.create(settings);
        const out = (line: string): void => void process.stdout.write(`${line}\n`);
        const totals = { accepted: 0, rejected: 0 };
        const importId = `import-${new Date().toISOString()}-${randomUUID().slice(0, 8)}`;
        for (const file of files) {
          const path = resolve(file);
          const fileName = basename(path);
          const bar = !options.json && process.stderr.isTTY ? new SingleBar({ format: `${fileName} {value} rows`, hideCursor: true }) : undefined;
          let barStarted = false;
          let pendingReview: string[] = [];
          const flushReview = async (): Promise<void> => {
            if (!runtime || options.dryRun || pendingReview.length === 0) return;
            await runtime.queues.addBulk('review', pendingReview.map((orderId) => ({ jobId: jobIdFor('review', orderId), payload: { orderId } })));
            pendingReview = [];
          };
          const counts = { accepted: 0, rejected: 0 };
          if (!options.json) out(`${fileName}\n${'row'.padStart(6)}  ${'status'.padEnd(9)}  ${'order ref'.padEnd(20)}  ${'amount'.padStart(16)}  problems`);
          try {
            for await (const row of intakeSheet(
              { path, fileName },
              {
                ...(runtime ? { ledger: runtime.ledger } : {}),
                source: { kind: 'import', reference: `${importId}:${path}`, submitter: 'cli' },
                actor: 'cli-import',
                dryRun: options.dryRun ?? false,
                readOptions: { limits: settings.intake, ...(options.sheet ? { sheet: options.sheet } : {}) },
              },
            )) {
              counts[row.status]++;
              if (options.json) {
                out(JSON.stringify({ ...(files.length > 1 ? { file: fileName } : {}), row: row.row, status: row.status, order: row.order, errors: row.errors }));
              } else if (bar && counts.accepted + counts.rejected > PROGRESS_AFTER_ROWS) {
                if (!barStarted) bar.start(0, counts.accepted + counts.rejected);
                barStarted = true;
                bar.update(counts.accepted + counts.rejected);
                if (row.status === 'rejected') process.stdout.write(`${tableLine(row)}\n`);
              } else {
                out(tableLine(row));
              }
              if (row.orderId) pendingReview.push(row.orderId);
              if (pendingReview.length >= REVIEW_ENQUEUE_BATCH) await flushReview();
            }
            await flushReview();
          } catch (error) {
            if (!(error instanceof OrderDeskError && error.business)) throw error;
            await flushReview();
            exitCode = 1;
            process.stderr.write(`${file}: ${error.message}\n`);
          } finally {
            if (barStarted) bar?.stop();
          }
          totals.accepted += counts.accepted;
          totals.rejected += counts.rejected;
          if (runtime && !options.dryRun) {
            await runtime.ledger.audit({ actor: 'cli-import', action: 'import', detail: { file: path, ...counts } });
          }
          if (!options.json) out(`${fileName}: ${counts.accepted} accepted, ${counts.rejected} rejected${options.dryRun ? ' (dry run: nothing recorded)' : ''}\n`);
        }
        if (options.json) out(JSON.stringify({ summary: totals }));
      } catch (error) {
        if (error instanceof OrderDeskError && !error.business) exitOnConfigError(error);
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`import failed: ${message.split('\n')[0]}\n`);
        exitCode = 1;
      } finally {
        await runtime?.close();
      }
      process.exitCode = exitCode;
    });
}
