import type { Command } from 'commander';
import { checkRedisDurability, createRedisConnection } from '../../core/redis/redis-connection.ts';
import { createLogger } from '../../core/logging/logger.ts';
import { stopOnSignals } from '../../core/process/stop-on-signals.ts';
import { LocalStack, type LocalCrmTarget, type StackInfo } from '../../fixtures/local-stack/index.ts';
import { crmTargetOption } from './target-option.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

const CRM_NAMES: Record<LocalCrmTarget, string> = { 'acme-suite': 'Acme Finance Suite', tryton: 'Tryton 6.0, sao' };

function describeForPeople(info: StackInfo, startedInMs: number): string {
  const lines = [
    `OrderDesk local stack is up (${(startedInMs / 1000).toFixed(1)} s).`,
    `  CRM/ERP (${CRM_NAMES[info.crm.target]})`.padEnd(32) + `${info.crm.url}   user ${info.crm.user}   password ${info.crm.password}${info.crm.database ? `   database ${info.crm.database}` : ''}`,
    `  its records (tests only)      ${info.crm.groundTruthUrl}/__fixture/orders`,
    `  Redis                         ${info.redis.url}`,
    `  IMAP                          ${info.imap.host}:${info.imap.port}`,
    `  SMTP relay (AUTH PLAIN)       ${info.smtp.host}:${info.smtp.port}`,
    '  Mailboxes (log in with the address and password):',
    ...Object.entries(info.mailboxes).map(([role, m]) => `    ${role.padEnd(14)} ${m.address.padEnd(36)} ${m.password}`),
    'Press Ctrl-C to stop; everything started here is shut down.',
  ];
  return `${lines.join('\n')}\n`;
}

export function registerStackCommands(program: Command): void {
  const stack = program.command('stack').description('the local stack: Redis, Dovecot + SMTP relay, the CRM/ERP (Acme Finance Suite or Tryton)');
  stack
    .command('up')
    .description('start the local stack on free loopback ports and keep it up until Ctrl-C')
    .option('--json', 'print one JSON line once everything answers')
    .addOption(crmTargetOption())
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(async (options: { json?: boolean; target?: LocalCrmTarget }, command: Command) => {
      let settings;
      try {
        settings = settingsFor(command);
      } catch (error) {
        exitOnConfigError(error);
      }
      const log = createLogger({ level: settings.log.level, name: 'stack' });
      const startedAt = Date.now();
      const starting = LocalStack.start({ target: options.target ?? settings.crm.target, ...(settings.redis.url ? { redisUrl: settings.redis.url } : {}) });
      // Listening while the stack comes up: a Ctrl-C then must still stop what it started.
      stopOnSignals({
        name: 'orderdesk stack up',
        // No jobs run here, so there is nothing to wait for: the margin covers stopping the servers.
        graceMs: 0,
        stop: async () => {
          await (await starting.catch(() => undefined))?.close();
          if (!options.json) process.stdout.write('Local stack stopped.\n');
        },
      });
      const stack = await starting;
      const redis = createRedisConnection(stack.redisUrl, { name: 'stack-check' });
      const durability = await checkRedisDurability(redis);
      redis.disconnect();
      for (const warning of durability.warnings) log.warn(warning);

      const info = stack.info();
      process.stdout.write(options.json ? `${JSON.stringify(info)}\n` : describeForPeople(info, Date.now() - startedAt));
    });
}
