import { createHash } from 'node:crypto';
import type { ChainHead } from '../../core/ledger/audit-reader.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import { neutraliseFormula } from '../../core/sheets/neutralise-formula.ts';

/** Heads listed in the mail's body; all of them are in the attached csv. */
const HEADS_IN_BODY = 30;

/** One line per chain head, sorted: the digest is over exactly these lines. */
function headLines(heads: readonly ChainHead[]): string[] {
  return heads.map((h) => `${h.chain} ${h.seq} ${h.hash}`);
}

/** sha256 of the day's head lines: one value a compliance officer can quote. */
export function anchorDigest(heads: readonly ChainHead[]): string {
  return createHash('sha256').update(headLines(heads).join('\n')).digest('hex');
}

/**
 * The day's anchor: the head of every audit chain that moved on `day`, mailed to the compliance
 * mailbox. Once it sits there, rewriting a chain (and recomputing every hash after the change) no
 * longer matches what compliance holds.
 */
export function buildChainAnchorMail(input: { from: string; to: string; day: string; timeZone: string; heads: readonly ChainHead[] }): OutgoingMail {
  const { day, heads } = input;
  const digest = anchorDigest(heads);
  const shown = headLines(heads).slice(0, HEADS_IN_BODY);
  const more = heads.length - shown.length;
  const text = [
    '审计链锚点 / Audit chain anchor',
    '',
    `日期 Day: ${day} (${input.timeZone})`,
    `链数 Chains that moved: ${heads.length}`,
    `摘要 Digest (sha256 of the lines "chain seq hash"): ${digest}`,
    '',
    '请保存此邮件：用 bin/orderdesk audit export 导出的记录可与这些链头核对。 / Keep this mail: the chain heads in an audit export can be checked against these.',
    '',
    ...shown,
    ...(more > 0 ? [`… 另有 ${more} 条，见附件 / ${more} more in the attachment`] : []),
    '',
    'OrderDesk',
  ].join('\n');
  const csv = ['chain,seq,hash,order_ref', ...heads.map((h) => [h.chain, String(h.seq), h.hash, String(neutraliseFormula(h.orderRef ?? ''))].map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))].join('\r\n');
  return {
    id: `audit-anchor-${day}`,
    from: input.from,
    to: [input.to],
    subject: `[审计 Audit] 审计链锚点 Audit chain anchor ${day}: ${heads.length} chains, ${digest.slice(0, 16)}`,
    text,
    headers: { 'Auto-Submitted': 'auto-generated' },
    attachments: [{ filename: `audit-anchor-${day}.csv`, contentType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(`\ufeff${csv}\r\n`, 'utf8').toString('base64') }],
  };
}
