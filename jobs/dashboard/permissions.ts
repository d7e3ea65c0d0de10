/**
 * Who may do what on the dashboard. Viewers read; operators also rerun work (queue retries and
 * promotions, order actions); admins may also remove work (clean, empty, obliterate) and change
 * queue settings.
 */
export const DASHBOARD_ROLES = ['viewer', 'operator', 'admin'] as const;
export type DashboardRole = (typeof DASHBOARD_ROLES)[number];

export type Permission = 'read' | 'rerun-work' | 'remove-work';

const GRANTS: Record<DashboardRole, readonly Permission[]> = {
  viewer: ['read'],
  operator: ['read', 'rerun-work'],
  admin: ['read', 'rerun-work', 'remove-work'],
};

export function can(role: DashboardRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * bull-board API calls (paths below its mount point) that put work back in motion, which operators may
 * do. Every other state-changing call (clean, empty, obliterate, add, edit data, rate limits,
 * concurrency, schedulers, pause and resume) is an admin's.
 */
const RERUN_CALLS: readonly RegExp[] = [
  /^\/api\/queues\/[^/]+\/retry\/[^/]+$/, // retry all failed (or completed)
  /^\/api\/queues\/[^/]+\/promote$/, // promote all delayed
  /^\/api\/queues\/[^/]+\/[^/]+\/retry$/, // retry one job
  /^\/api\/queues\/[^/]+\/[^/]+\/promote$/, // promote one delayed job
];

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The permission a request to bull-board (method, path below its mount) needs. */
export function queueBoardPermission(method: string, path: string): Permission {
  if (READ_METHODS.has(method.toUpperCase())) return 'read';
  return RERUN_CALLS.some((call) => call.test(path)) ? 'rerun-work' : 'remove-work';
}
