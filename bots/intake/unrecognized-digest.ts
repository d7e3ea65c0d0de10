import type { SubmissionRecord } from '../../core/ledger/submission-log.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';

/**
 * Ops hear about mail the bots could not place (not a sheet, not an approval reply, or from outside the
 * allowed domains) once a day, in one message, rather than once per stray mail. Nothing to report, no mail.
 */
export function buildUnrecognizedDigest(input: { day: string; from: string; to: string; records: SubmissionRecord[] }): OutgoingMail | undefined {
  const stray = input.records.filter((r) => r.outcome === 'unrecognized' || r.outcome === 'quarantined');
  if (stray.length === 0) return undefined;
  const lines = stray.map((r) => `${r.recordedAt}  ${r.outcome === 'quarantined' ? 'QUARANTINED' : 'unrecognized'}  from ${r.submitter || '(unknown)'}  ${r.reference}`);
  return {
    id: `unrecognized-digest-${input.day}`,
    from: input.from,
    to: [input.to],
    subject: `OrderDesk: ${stray.length} 封邮件未能处理 / ${stray.length} mail(s) not handled on ${input.day}`,
    text: [
      `共享邮箱中以下邮件既不是订单表格也不是审批回复，已移至 Unrecognized（或因反复失败移至 Quarantine）。`,
      `These mails in the shared mailbox were neither order sheets nor approval replies and were moved to Unrecognized (or, after repeated failures, to Quarantine):`,
      '',
      ...lines,
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}
