import type { NextStep } from '../bots/approvals/index.ts';
import { jobIdFor } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/**
 * Queues what review or an approval says comes next: a level's requests, or keying. Job ids keep each
 * once-only, so a re-run of the step that decided it queues nothing twice.
 */
export async function enqueueNextStep(runtime: Runtime, orderId: string, next: NextStep): Promise<void> {
  if (next.kind === 'request-level') {
    await runtime.queues.add('approvals', jobIdFor('approval-request', orderId, `L${next.level}`), { kind: 'request', orderId, level: next.level });
  } else if (next.kind === 'keying') {
    await runtime.queues.add('keying', jobIdFor('keying', orderId), { orderId });
  }
}
