import { ErrorCode } from '../../core/errors/error-codes.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { OrderLedger, OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { CrmKeyer, KeyedHow, KeyingResult } from './crm-keyer.ts';
import type { FailureArtifacts, KeyingArtifacts } from './keying-artifacts.ts';
import { orderToKey } from './order-to-key.ts';

export const KEYING_BOT = 'keying-bot';

/** Orders in these states are (still) ours to key; "failed" comes back when an admin reruns the job. */
const KEYABLE: readonly OrderStatus[] = ['approved', 'keying', 'failed'];

export type KeyingOutcome =
  | { kind: 'keyed'; crmOrderNo: string; how: KeyedHow; keyingMs: number }
  | { kind: 'already_keyed'; crmOrderNo: string | undefined }
  | { kind: 'not_keyable'; status: OrderStatus }
  | { kind: 'refused'; message: string; artifacts?: FailureArtifacts };

/** A system failure of one attempt, with what it left behind; retried by the queue. */
export class KeyingAttemptError extends OrderDeskError {
  constructor(
    cause: unknown,
    readonly artifacts: FailureArtifacts | undefined,
  ) {
    super(cause instanceof OrderDeskError ? cause.code : 'keying_system_fault', messageOf(cause), { cause });
    this.name = 'KeyingAttemptError';
  }
}

export interface KeyingDeps {
  ledger: OrderLedger;
  keyer: CrmKeyer;
  artifacts: KeyingArtifacts;
}

export interface KeyingAttempt {
  orderId: string;
  /** 1 for the first try. */
  attempt: number;
  /** When this attempt fails, the queue will not try again: the order is marked failed. */
  finalAttempt: boolean;
}

/**
 * Keys one approved order and records the outcome in the ledger: `keying` while working, then `keyed`
 * with the CRM number, or `needs_attention` with the CRM's message. An order already keyed is left
 * alone (BullMQ may run a job twice). A system fault is audited with its artifacts and rethrown.
 */
export async function keyApprovedOrder(deps: KeyingDeps, attempt: KeyingAttempt): Promise<KeyingOutcome> {
  const { ledger, keyer, artifacts } = deps;
  const record = await ledger.get(attempt.orderId);
  if (!record) throw new OrderDeskError(ErrorCode.orderMissing, `no order ${attempt.orderId} in the ledger`, { business: true });
  if (record.status === 'keyed') return { kind: 'already_keyed', crmOrderNo: record.crmOrderNo };
  if (!KEYABLE.includes(record.status)) return { kind: 'not_keyable', status: record.status };
  const order = orderToKey(record.order);

  await ledger.setStatus(attempt.orderId, 'keying', { actor: KEYING_BOT, action: 'keying:started', detail: { attempt: attempt.attempt } });
  const started = Date.now();
  let failure: FailureArtifacts | undefined;
  let result: KeyingResult;
  try {
    result = await keyer.key(order, {
      before: (slot) => artifacts.begin(slot, `${attempt.orderId} attempt ${attempt.attempt}`),
      after: async (slot, outcome) => {
        const failed = outcome.error !== undefined || outcome.result?.kind === 'refused';
        if (failed) failure = await artifacts.end(slot, { orderId: attempt.orderId, attempt: attempt.attempt, error: outcome.error });
        else await artifacts.end(slot, false);
      },
    });
  } catch (error) {
    const message = messageOf(error);
    const detail = { attempt: attempt.attempt, code: error instanceof OrderDeskError ? error.code : 'keying_system_fault', artifacts: failure };
    if (attempt.finalAttempt) {
      await ledger.setStatus(attempt.orderId, 'failed', { actor: KEYING_BOT, action: 'keying:failed', reason: message, detail }, { statusNote: message });
    } else {
      await ledger.audit({ actor: KEYING_BOT, action: 'keying:attempt-failed', orderId: attempt.orderId, reason: message, detail });
    }
    throw new KeyingAttemptError(error, failure);
  }

  const keyingMs = Date.now() - started;
  if (result.kind === 'refused') {
    await ledger.setStatus(
      attempt.orderId,
      'needs_attention',
      { actor: KEYING_BOT, action: 'keying:refused', reason: result.message, detail: { attempt: attempt.attempt, artifacts: failure } },
      { statusNote: result.message },
    );
    return { kind: 'refused', message: result.message, ...(failure ? { artifacts: failure } : {}) };
  }
  await ledger.setStatus(
    attempt.orderId,
    'keyed',
    { actor: KEYING_BOT, action: 'keying:keyed', detail: { attempt: attempt.attempt, crmOrderNo: result.crmOrderNo, how: result.how, rounds: result.rounds, keyingMs } },
    { crmOrderNo: result.crmOrderNo, keyedAt: new Date().toISOString(), keyingMs },
  );
  return { kind: 'keyed', crmOrderNo: result.crmOrderNo, how: result.how, keyingMs };
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'unknown error';
}
