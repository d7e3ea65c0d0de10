import type { RunningRole } from '../roles.ts';
import type { Runtime } from '../runtime.ts';
import { startDashboard } from './dashboard-server.ts';

/** Dashboard: the web dashboard (orders, queues) and /healthz, /readyz, /metrics on dashboard.host:port. */
export async function startDashboardRole(runtime: Runtime): Promise<RunningRole & { url: string }> {
  const dashboard = await startDashboard(runtime);
  return { name: 'dashboard', url: dashboard.url, close: () => dashboard.close() };
}
