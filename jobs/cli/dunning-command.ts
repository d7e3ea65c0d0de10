import { ErrorCode } from '../../core/errors/error-codes.ts';
import { localDayOf } from '../../core/calendar/index.ts';
import type { Command } from 'commander';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { DunningService, type DunningOutcome } from '../dunning.job.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

function forPeople(outcome: DunningOutcome): string {
  if (!outcome.workingDay) return `${outcome.runDate} is not a working day: no letters are sent.\n`;
  const lines = [
    `Dunning run ${outcome.runDate}${outcome.dryRun ? ' (dry run: nothing was sent or recorded)' : ''}`,
    `  invoices read: ${outcome.invoiceCount} via ${outcome.readVia} in ${(outcome.downloadMs / 1000).toFixed(1)} s`,
    `  letters ${outcome.dryRun ? 'that would be sent' : 'sent'}: ${outcome.letters.length}`,
    ...outcome.letters.map((l) => `    ${l.customerId} ${l.customerName} <${l.email}> [${l.language}]: ${l.invoices.map((i) => `${i.invoiceNo} ${i.stage}`).join(', ')}`),
    `  exceptions: ${outcome.exceptions.length}`,
    ...outcome.exceptions.slice(0, 50).map((e) => `    ${e.kind} ${e.customerId} ${e.invoiceNo ?? ''} ${e.detail}`),
    ...(outcome.reportMailId ? [`  finance report queued: ${outcome.reportMailId}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerDunningCommands(program: Command): void {
  const dunning = program.command('dunning').description('receivables chasing: letters by stage and the finance report');
  dunning
    .command('run')
    .description('run dunning for a date (default: today in the policy time zone), e.g. a rerun or a backfill')
    .option('--date <YYYY-MM-DD>', 'the run date')
    .option('--dry-run', 'print what would be sent; send and record nothing')
    .option('--json', 'print the outcome as one JSON line')
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(async (options: { date?: string; dryRun?: boolean; json?: boolean }, command: Command) => {
      if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
        process.stderr.write(`--date must be YYYY-MM-DD, got "${options.date}"\n`);
        process.exitCode = 2;
        return;
      }
      let runtime: Runtime | undefined;
      let service: DunningService | undefined;
      try {
        runtime = await Runtime.create(settingsFor(command));
        service = DunningService.create(runtime);
        const runDate = options.date ?? localDayOf(new Date(), service.policy.timezone);
        const outcome = await service.run(runDate, options.dryRun ?? false);
        process.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : forPeople(outcome));
      } catch (error) {
        if (error instanceof OrderDeskError && error.code === ErrorCode.configInvalid) exitOnConfigError(error);
        process.stderr.write(`dunning run failed: ${(error as Error).message.split('\n')[0]}\n`);
        process.exitCode = 1;
      } finally {
        await service?.close();
        await runtime?.close();
      }
    });
}
