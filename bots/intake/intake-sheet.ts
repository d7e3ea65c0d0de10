import type { OrderLedger, OrderSource } from '../../core/ledger/order-ledger.ts';
import type { CanonicalOrder, ReadOrderSheetOptions, RowResult } from './read-order-sheet.ts';
import { readOrderSheet } from './read-order-sheet.ts';
import { orderIdFor } from './order-id.ts';

/** Rows are checked against the ledger in batches: one Redis round trip per this many rows. */
const LEDGER_BATCH_ROWS = 500;

export const DUPLICATE_IN_LEDGER = {
  field: 'externalRef',
  code: 'duplicate_in_ledger',
  message: '该订单编号已经提交过 / An order with this reference was already received',
} as const;

export interface IntakeRowResult extends RowResult {
  /** Set for accepted rows: the ledger's id of the order. */
  orderId?: string;
}

export interface IntakeSheetContext {
  /** Optional only for a dry run without Redis: then references are checked within the sheet alone. */
  ledger?: OrderLedger;
  source: Omit<OrderSource, 'row' | 'attachment'>;
  /** Who the audit trail names (`intake-bot`, `cli:<user>`). */
  actor: string;
  /** Validate only: look references up in the ledger but record nothing. */
  dryRun?: boolean;
  readOptions?: ReadOrderSheetOptions;
}

/**
 * One sheet through validation and into the ledger, row by row in the order of the sheet. Accepted rows
 * become ledger orders; a reference the ledger already holds (from an earlier sheet) turns the row into
 * a rejection. A retried run of the same submission finds its own orders and reports them accepted again.
 */
export async function* intakeSheet(
  input: { path: string; fileName: string } | { content: Buffer; fileName: string },
  context: IntakeSheetContext,
): AsyncGenerator<IntakeRowResult> {
  const settle = async (batch: IntakeRowResult[]): Promise<IntakeRowResult[]> => {
    const accepted = batch.filter((r) => r.status === 'accepted');
    const refs = accepted.map((r) => r.order.externalRef as string);
    if (!context.ledger) {
      if (!context.dryRun) throw new Error('intakeSheet needs a ledger unless it is a dry run');
    } else if (context.dryRun) {
      const known = await context.ledger.knownReferences(refs);
      accepted.forEach((row, i) => {
        if (known[i]) reject(row);
      });
    } else {
      const outcomes = await context.ledger.recordReceived(
        accepted.map((row) => {
          const orderId = orderIdFor(context.source.reference, input.fileName, row.row);
          row.orderId = orderId;
          return {
            orderId,
            externalRef: row.order.externalRef as string,
            order: row.order as CanonicalOrder,
            source: { ...context.source, attachment: input.fileName, row: row.row },
          };
        }),
        context.actor,
      );
      accepted.forEach((row, i) => {
        if (outcomes[i] === 'duplicate') reject(row);
      });
    }
    return batch;
  };

  // One batch is recorded in Redis while the next is read: Redis works on the other core meanwhile.
  let batch: IntakeRowResult[] = [];
  let inFlight: Promise<IntakeRowResult[]> | undefined;
  try {
    for await (const row of readOrderSheet(input, context.readOptions)) {
      batch.push(row);
      if (batch.length >= LEDGER_BATCH_ROWS) {
        const previous = inFlight;
        inFlight = settle(batch);
        batch = [];
        if (previous) yield* await previous;
      }
    }
  } catch (error) {
    // Rows before a mid-sheet refusal (too many rows) are still recorded and reported.
    if (inFlight) yield* await inFlight;
    inFlight = undefined;
    throw error;
  }
  if (inFlight) yield* await inFlight;
  yield* await settle(batch);
}

function reject(row: IntakeRowResult): void {
  row.status = 'rejected';
  delete row.orderId;
  row.errors.push({ ...DUPLICATE_IN_LEDGER });
}
