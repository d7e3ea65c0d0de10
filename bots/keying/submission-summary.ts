import type { OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { buildKeyingSummary, isFinal, submitterAddress, type SummaryLine } from './keying-summary.ts';

/**
 * The summary mail for a submission once every one of its orders is final, else undefined. Called after
 * each order's final outcome; when two last orders finish together both build the same mail under the
 * same id, and the outbox sends it once.
 */
export async function summaryIfSubmissionDone(ledger: OrderLedger, reference: string, from: string): Promise<OutgoingMail | undefined> {
  const ids = await ledger.ordersOfSubmission(reference);
  if (ids.length === 0) return undefined;
  const lines: SummaryLine[] = [];
  let to: string | undefined;
  for (const id of ids) {
    const order = await ledger.get(id);
    if (!order || !isFinal(order.status)) return undefined;
    to ??= submitterAddress(order.source.submitter);
    lines.push({
      externalRef: order.externalRef,
      row: order.source.row,
      status: order.status,
      ...(order.crmOrderNo ? { crmOrderNo: order.crmOrderNo } : {}),
      ...(order.statusNote ? { statusNote: order.statusNote } : {}),
    });
  }
  if (!to) return undefined;
  return buildKeyingSummary({ reference, from, to, lines });
}
