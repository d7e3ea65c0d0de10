import type { Command } from 'commander';
import { isStraySocketError, survivingStraySocketErrors } from '../../core/errors/stray-socket-errors.ts';
import { stopOnSignals } from '../../core/process/stop-on-signals.ts';
import { ROLES, type Role } from '../roles.ts';
import { startRoles, type RunningRoles } from '../start-roles.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

/** Start-up tries while a server (IMAP, SMTP) is restarting: 20 tries 3 s apart, a minute in all. */
const START_ATTEMPTS = 20;
const START_RETRY_MS = 3_000;

function parseRoles(list: string | undefined): Role[] {
  if (!list) return [...ROLES];
  const roles = list.split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) {
    process.stderr.write(`unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  return roles as Role[];
}

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run OrderDesk bots: all roles by default, or some of them (several machines can split roles over one Redis)')
    .option('--role <roles>', `comma-separated roles: ${ROLES.join(',')}`)
    .option('--config <path>', 'settings file (default config/orderdesk.yaml)')
    .action(async (options: { role?: string }, command: Command) => {
      const roles = parseRoles(options.role);
      let runtime: Runtime;
      try {
        runtime = await Runtime.create(settingsFor(command));
      } catch (error) {
        exitOnConfigError(error);
      }
      survivingStraySocketErrors(runtime.log);
      let running: RunningRoles | undefined;
      // Listening before the roles start: a signal during the start-up retries must stop the process too.
      stopOnSignals({
        name: 'orderdesk start',
        graceMs: runtime.settings.workers.shutdownGraceMs,
        stop: async (signal) => {
          runtime.log.info({ signal }, 'shutting down: finishing active jobs');
          await running?.close();
          await runtime.close();
        },
      });
      // A mail server restarting while we start is no reason to give up: try again for a while.
      for (let attempt = 1; !running; attempt++) {
        try {
          running = await startRoles(runtime, roles);
        } catch (error) {
          if (!isStraySocketError(error) || attempt >= START_ATTEMPTS) {
            await runtime.close();
            exitOnConfigError(error);
          }
          runtime.log.warn({ err: (error as Error).message, attempt }, 'a server did not answer while starting; trying again');
          await new Promise((r) => setTimeout(r, START_RETRY_MS));
        }
      }
      runtime.log.info({ roles }, 'OrderDesk started');
    });
}
