import { createHash } from 'node:crypto';

/**
 * An order's id derives from where it came from (submission, attachment, row), so a retried intake job
 * produces the same ids and the ledger recognises them, while a re-sent sheet gets new ids and its rows
 * are caught as duplicate references.
 */
export function orderIdFor(submissionRef: string, attachment: string, row: number): string {
  const digest = createHash('sha256').update(`${submissionRef}\u0000${attachment}\u0000${row}`).digest('hex');
  return `o-${digest.slice(0, 20)}`;
}
