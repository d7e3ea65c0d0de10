import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackInfo } from '../../../fixtures/local-stack/index.ts';
import type { OrderSource, OrderStatus } from '../../../core/ledger/order-ledger.ts';
import { hashPassword } from '../../../jobs/dashboard/password-hash.ts';
import type { DashboardRole } from '../../../jobs/dashboard/permissions.ts';
import type { Runtime } from '../../../jobs/runtime.ts';
import { sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

export const PEOPLE: Record<DashboardRole, { name: string; password: string }> = {
  viewer: { name: 'vera', password: 'vera-reads-only' },
  operator: { name: 'olga', password: 'olga-reruns-work' },
  admin: { name: 'adam', password: 'adam-does-it-all' },
};

/** A users file with one person per role, and settings for a dashboard on a free port with its own data dir. */
export async function dashboardSettings(stack: StackInfo, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'orderdesk-dashboard-'));
  const usersFile = join(dir, 'users.yaml');
  const lines = ['users:'];
  for (const [role, person] of Object.entries(PEOPLE)) {
    lines.push(`  - name: ${person.name}`, `    role: ${role}`, `    passwordHash: "${await hashPassword(person.password)}"`);
  }
  writeFileSync(usersFile, `${lines.join('\n')}\n`);
  const dataDir = join(dir, 'data');
  const settings = testSettings(stack, sandboxMailbox(stack, 'orders'), { DASHBOARD_PORT: '0', DASHBOARD_USERS_FILE: usersFile, ORDERDESK_DATA_DIR: dataDir, ...env });
  return { settings, dataDir, usersFile };
}

export interface SeededOrder {
  orderId: string;
  externalRef: string;
  submitter: string;
  status: OrderStatus;
}

/** Records an order as intake would, then moves it to `status` as the bots would (audited). */
export async function seedOrder(runtime: Runtime, order: SeededOrder, extra: { amount?: string } = {}): Promise<void> {
  const source: OrderSource = { kind: 'mail', reference: `<${order.orderId}@sandbox.example>`, row: 2, submitter: order.submitter };
  await runtime.ledger.recordReceived([{ orderId: order.orderId, externalRef: order.externalRef, order: { externalRef: order.externalRef, amount: extra.amount ?? '1000.00', currency: 'CNY' }, source }], 'intake-bot');
  if (order.status !== 'received') await runtime.ledger.setStatus(order.orderId, order.status, { actor: 'test-bot', reason: 'seeded' });
}
