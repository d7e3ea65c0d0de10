import type { OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { QueueName } from '../queue-catalogue.ts';
import type { Runtime } from '../runtime.ts';

const SHOWN_QUEUES: readonly QueueName[] = ['intake', 'review', 'approvals', 'keying', 'mail', 'dunning'];

/** Where each order (by external reference) stands in the ledger; undefined until intake recorded it. */
export async function statusesOf(runtime: Runtime, externalRefs: readonly string[]): Promise<Map<string, OrderStatus | undefined>> {
  const statuses = new Map<string, OrderStatus | undefined>();
  for (const ref of externalRefs) {
    const id = await runtime.ledger.findByReference(ref);
    statuses.set(ref, id ? (await runtime.ledger.get(id))?.status : undefined);
  }
  return statuses;
}

/** Orders by status and each queue's waiting/active jobs, in one line for the terminal. */
export async function progressLine(runtime: Runtime, externalRefs: readonly string[]): Promise<string> {
  const counts = new Map<OrderStatus | 'not yet received', number>();
  for (const status0 of (await statusesOf(runtime, externalRefs)).values()) {
    const status = status0 ?? 'not yet received';
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const orders = [...counts.entries()].map(([status, n]) => `${status} ${n}`).join(' · ') || 'none yet';
  const queues: string[] = [];
  for (const name of SHOWN_QUEUES) {
    const c = await runtime.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed');
    const busy = (c['waiting'] ?? 0) + (c['delayed'] ?? 0);
    queues.push(`${name} ${busy}/${c['active'] ?? 0}${c['failed'] ? ` (${c['failed']} failed)` : ''}`);
  }
  return `orders: ${orders}   |   queues (waiting/active): ${queues.join(', ')}`;
}
