import type { Command } from 'commander';
import { stopOnSignals } from '../../core/process/stop-on-signals.ts';
import type { LocalCrmTarget } from '../../fixtures/local-stack/index.ts';
import { Demo, type DemoReadyInfo, type DemoSummary } from '../demo/demo-run.ts';
import { crmTargetOption } from './target-option.ts';

function whereToLook(ready: DemoReadyInfo): string {
  const lines = [
    '',
    'Where to look (everything lives until Ctrl-C):',
    `  Dashboard  ${ready.dashboard.url}   user ${ready.dashboard.user}   password ${ready.dashboard.password}`,
    `  CRM/ERP    ${ready.crm.url}   user ${ready.crm.user}   password ${ready.crm.password}${ready.crm.database ? `   database ${ready.crm.database}` : ''}`,
    `             orders as the CRM holds them: ${ready.crm.groundTruthUrl}/__fixture/orders`,
    `  Mail       IMAP ${ready.imap.host}:${ready.imap.port} (log in with the address and password):`,
    ...Object.entries(ready.mailboxes).map(([role, m]) => `    ${role.padEnd(14)} ${m.address.padEnd(36)} ${m.password}`),
    `  Settings   ${ready.config}`,
    `             e.g. bin/orderdesk --config ${ready.config} dunning run --dry-run`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function summaryForPeople(summary: DemoSummary): string {
  const lines = [
    '',
    `The morning is done (${summary.elapsedSeconds} s): ${Object.entries(summary.orders).map(([s, n]) => `${n} ${s}`).join(', ')}.`,
    `  rows refused at intake: ${summary.badRowsRefused}; receipts: ${summary.receipts}; approval answers: ${summary.approvalAnswers}`,
    `  e-mail to CRM (orders without approval): p50 ${summary.emailToCrmSeconds.p50} s, p95 ${summary.emailToCrmSeconds.p95} s`,
    summary.dunning.workingDay
      ? `  dunning ${summary.dunning.runDate}: ${summary.dunning.letters} letters, ${summary.dunning.exceptions} exceptions, finance report ${summary.dunning.financeReport ? 'sent' : 'MISSING'}`
      : `  dunning ${summary.dunning.runDate}: not a working day, no letters`,
    ...summary.unexpected.map((u) => `  UNEXPECTED ${u.externalRef}: expected ${u.expected}, got ${u.actual}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('the whole system on the local stack: a morning of mailed sheets, approvals by reply, keying into the CRM, dunning')
    .option('--json', 'print the ready line (stack, dashboard, generated config) first; progress goes to stderr')
    .option('--no-scenario', 'start everything but play nothing')
    .option('--once', 'play the scenario to the end, print a JSON summary and exit (non-zero if anything ended unexpectedly)')
    .addOption(crmTargetOption().default('acme-suite'))
    .action(async (options: { json?: boolean; scenario: boolean; once?: boolean; target: LocalCrmTarget }) => {
      const say = (text: string): void => {
        (options.json ? process.stderr : process.stdout).write(text);
      };
      say(`Starting the local stack (Redis, Dovecot + SMTP relay, ${options.target === 'tryton' ? 'Tryton' : 'Acme Finance Suite'}) and every OrderDesk role...\n`);
      const starting = Demo.start(options.target);
      // Nothing runs jobs before the demo has its settings, so until then there is no grace to give.
      let graceMs = 0;
      let stopRequested = false;
      // Listening while the stack comes up: a Ctrl-C then must still stop what it started.
      const shutdown = stopOnSignals({
        name: 'orderdesk demo',
        graceMs: () => graceMs,
        stop: async () => {
          stopRequested = true;
          say('Stopping the demo...\n');
          await (await starting.catch(() => undefined))?.close();
        },
      });
      const demo = await starting;
      graceMs = demo.runtime.settings.workers.shutdownGraceMs;
      if (stopRequested) return;

      if (options.json) process.stdout.write(`${JSON.stringify(demo.ready)}\n`);
      else say(whereToLook(demo.ready));

      if (options.scenario) {
        say('Playing the morning: two reps mail sheets, managers answer approval mails, the bot keys orders into the CRM, then dunning.\n');
        let lastLine = '';
        let summary: DemoSummary;
        try {
          summary = await demo.playMorning((line) => {
            // Only changes are news: a quiet queue does not scroll the terminal.
            if (line !== lastLine) say(`${line}\n`);
            lastLine = line;
          });
        } catch (error) {
          // Stopped mid-scenario: the closing demo fails the scenario's waits; that is the stop, not an error.
          if (stopRequested) return;
          throw error;
        }
        if (stopRequested) return;
        if (options.once) {
          process.stdout.write(`${JSON.stringify({ summary })}\n`);
          if (!options.json) say(summaryForPeople(summary));
          process.exitCode = summary.ok ? 0 : 1;
          shutdown.stop('scenario done');
          return;
        }
        say(summaryForPeople(summary));
        say(whereToLook(demo.ready));
      }
      say('The demo keeps running; press Ctrl-C to stop everything.\n');
    });
}
