import { settleWithin } from '../core/process/settle-within.ts';
import { startApprovalsRole } from './approvals-role.ts';
import { startDashboardRole } from './dashboard/dashboard-role.ts';
import { startDunningRole } from './dunning-role.ts';
import { startKeyingRole } from './keying-role.ts';
import { startIntakeRole, type Role, type RunningRole } from './roles.ts';
import { startReviewRole } from './review-role.ts';
import type { Runtime } from './runtime.ts';
import { startSchedulerRole } from './scheduler-role.ts';

/** Past the workers' grace period, how long a role's remaining close steps may take. */
const ROLE_CLOSE_MARGIN_MS = 2_000;

export interface RunningRoles {
  roles: RunningRole[];
  /** The dashboard's address when the dashboard role runs here. */
  dashboardUrl?: string;
  /** Stops every role (they finish their active jobs first). Idempotent. */
  close(): Promise<void>;
}

/** Starts the given roles on one runtime, in order; if one cannot start, the ones started are stopped. */
export async function startRoles(runtime: Runtime, roles: readonly Role[]): Promise<RunningRoles> {
  const running: RunningRole[] = [];
  let dashboardUrl: string | undefined;
  const starters: Record<Role, () => Promise<RunningRole> | RunningRole> = {
    intake: () => startIntakeRole(runtime),
    review: () => startReviewRole(runtime),
    approvals: () => startApprovalsRole(runtime),
    keying: () => startKeyingRole(runtime),
    scheduler: () => startSchedulerRole(runtime),
    dunning: () => startDunningRole(runtime),
    dashboard: async () => {
      const dashboard = await startDashboardRole(runtime);
      dashboardUrl = dashboard.url;
      return dashboard;
    },
  };
  try {
    for (const role of roles) running.push(await starters[role]());
  } catch (error) {
    await Promise.allSettled(running.map((r) => r.close()));
    throw error;
  }
  let closing: Promise<void> | undefined;
  // A role's workers keep to the grace period themselves; the bound is for its other steps (a browser or
  // mail client that never answers), so that one role cannot hold the runtime and the servers after it.
  const roleDeadlineMs = runtime.settings.workers.shutdownGraceMs + ROLE_CLOSE_MARGIN_MS;
  return {
    roles: running,
    ...(dashboardUrl ? { dashboardUrl } : {}),
    close: () => {
      closing ??= Promise.all(
        running.map(async (role) => {
          if (!(await settleWithin(role.close(), roleDeadlineMs))) runtime.log.warn({ role: role.name }, 'role did not stop in time; leaving it behind');
        }),
      ).then(() => undefined);
      return closing;
    },
  };
}
