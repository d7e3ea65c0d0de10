import type { Command } from 'commander';
import { startKeyingRole } from '../keying-role.ts';
import { startApprovalsRole } from '../approvals-role.ts';
import { ROLES, startIntakeRole, startReviewRole, type Role, type RunningRole } from '../roles.ts';
import { startSchedulerRole } from '../scheduler-role.ts';
import { startDunningRole } from '../dunning-role.ts';
import { startDashboardRole } from '../dashboard/dashboard-role.ts';
import { Runtime } from '../runtime.ts';
import { exitOnConfigError, settingsFor } from './settings-option.ts';

/** After SIGTERM, active jobs get this long to finish before the process exits anyway. */
const SHUTDOWN_FORCE_AFTER_MS = 30_000;

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
      const running: RunningRole[] = [];
      try {
        const starters: Record<Role, () => Promise<RunningRole> | RunningRole> = {
          intake: () => startIntakeRole(runtime),
          review: () => startReviewRole(runtime),
          approvals: () => startApprovalsRole(runtime),
          keying: () => startKeyingRole(runtime),
          scheduler: () => startSchedulerRole(runtime),
          dunning: () => startDunningRole(runtime),
          dashboard: () => startDashboardRole(runtime),
        };
        for (const role of roles) running.push(await starters[role]());
      } catch (error) {
        await Promise.allSettled(running.map((r) => r.close()));
        await runtime.close();
        exitOnConfigError(error);
      }
      runtime.log.info({ roles }, 'OrderDesk started');

      let stopping: Promise<void> | undefined;
      const stop = (signal: string): void => {
        if (stopping) return;
        runtime.log.info({ signal }, 'shutting down: finishing active jobs');
        const force = setTimeout(() => {
          runtime.log.error('shutdown took too long; exiting with jobs still active (they will be retried)');
          process.exit(1);
        }, SHUTDOWN_FORCE_AFTER_MS);
        force.unref();
        stopping = (async () => {
          await Promise.allSettled(running.map((r) => r.close()));
          await runtime.close();
          clearTimeout(force);
        })();
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    });
}
