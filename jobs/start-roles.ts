import { startApprovalsRole } from './approvals-role.ts';
import { startDashboardRole } from './dashboard/dashboard-role.ts';
import { startDunningRole } from './dunning-role.ts';
import { startKeyingRole } from './keying-role.ts';
import { startIntakeRole, startReviewRole, type Role, type RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startSchedulerRole } from './scheduler-role.ts';

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
  return {
    roles: running,
    ...(dashboardUrl ? { dashboardUrl } : {}),
    close: () => {
      closing ??= Promise.allSettled(running.map((r) => r.close())).then(() => undefined);
      return closing;
    },
  };
}
