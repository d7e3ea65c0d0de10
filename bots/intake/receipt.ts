import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { ResultSheet } from './result-workbook.ts';
import { writeResultWorkbook } from './result-workbook.ts';

/** A receipt lists at most this many rejected rows in its body; the attached workbook has them all. */
const MAX_LISTED_REJECTIONS = 200;

export interface ReceiptRequest {
  submissionId: string;
  /** The shared mailbox the receipt is sent from. */
  from: string;
  to: string;
  original: { subject: string; messageId?: string; references?: string[] };
  sheets: ResultSheet[];
  /** Set when the mail carried no sheet at all. */
  noSheet?: boolean;
}

export interface ReceiptCounts {
  accepted: number;
  rejected: number;
  refusedFiles: number;
}

export function countResults(sheets: ResultSheet[]): ReceiptCounts {
  let accepted = 0;
  let rejected = 0;
  let refusedFiles = 0;
  for (const sheet of sheets) {
    if (sheet.refusal) refusedFiles++;
    for (const row of sheet.rows) {
      if (row.status === 'accepted') accepted++;
      else rejected++;
    }
  }
  return { accepted, rejected, refusedFiles };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The reply a submitter gets within seconds: threaded to their mail, counts first, then every problem
 * with its sheet row number, in Chinese and English, and an xlsx with each row's result.
 */
export async function buildReceipt(request: ReceiptRequest): Promise<OutgoingMail> {
  const counts = countResults(request.sheets);
  const headline = request.noSheet
    ? '未找到订单表格 / No order sheet found'
    : `接受 ${counts.accepted} 笔，拒绝 ${counts.rejected} 笔 / ${counts.accepted} accepted, ${counts.rejected} rejected` +
      (counts.refusedFiles > 0 ? `; ${counts.refusedFiles} 个文件被拒 / ${counts.refusedFiles} file(s) refused` : '');

  const text: string[] = ['您好 / Hello,', '', `订单表格处理结果 / Result of your order sheet: ${headline}`, ''];
  const html: string[] = [`<p>您好 / Hello,</p><p><strong>${escapeHtml(headline)}</strong></p>`];
  if (request.noSheet) {
    const line = '邮件中没有 xlsx 或 csv 附件。请把订单表格作为附件重新发送。 / The mail had no xlsx or csv attachment. Please send the order sheet as an attachment.';
    text.push(line);
    html.push(`<p>${escapeHtml(line)}</p>`);
  }
  let listed = 0;
  for (const sheet of request.sheets) {
    const sheetCounts = countResults([sheet]);
    text.push(`== ${sheet.fileName} ==`);
    html.push(`<h3>${escapeHtml(sheet.fileName)}</h3>`);
    if (sheet.refusal) {
      text.push(`文件被拒 / File refused: ${sheet.refusal.message}`, '');
      html.push(`<p>文件被拒 / File refused: ${escapeHtml(sheet.refusal.message)}</p>`);
      continue;
    }
    text.push(`接受 / accepted: ${sheetCounts.accepted}   拒绝 / rejected: ${sheetCounts.rejected}`);
    html.push(`<p>接受 / accepted: ${sheetCounts.accepted} &nbsp; 拒绝 / rejected: ${sheetCounts.rejected}</p>`);
    const rejected = sheet.rows.filter((r) => r.status === 'rejected');
    if (rejected.length > 0) {
      html.push('<table border="1" cellpadding="4" cellspacing="0"><tr><th>行 Row</th><th>订单编号 Order Ref</th><th>原因 Reasons</th></tr>');
    }
    for (const row of rejected) {
      if (listed >= MAX_LISTED_REJECTIONS) break;
      listed++;
      const reasons = row.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      text.push(`  第 ${row.row} 行 / Row ${row.row} [${row.order.externalRef ?? '-'}]: ${reasons}`);
      html.push(`<tr><td>${row.row}</td><td>${escapeHtml(row.order.externalRef ?? '-')}</td><td>${escapeHtml(reasons)}</td></tr>`);
    }
    if (rejected.length > 0) html.push('</table>');
    text.push('');
  }
  if (counts.rejected > listed) {
    const more = `另有 ${counts.rejected - listed} 行被拒，详见附件 / ${counts.rejected - listed} more rejected rows: see the attached workbook`;
    text.push(more);
    html.push(`<p>${escapeHtml(more)}</p>`);
  }
  text.push('', '接受的订单将进入审核。 / Accepted orders now go to review.', '', 'OrderDesk');
  html.push('<p>接受的订单将进入审核。 / Accepted orders now go to review.</p><p>OrderDesk</p>');

  const attachments: NonNullable<OutgoingMail['attachments']> = [];
  if (request.sheets.length > 0) {
    attachments.push({
      filename: 'receipt-results.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      contentBase64: (await writeResultWorkbook(request.sheets)).toString('base64'),
    });
  }
  const subject = request.original.subject.replace(/^\s*(re|回复)\s*[:：]\s*/i, '');
  const references = [...(request.original.references ?? []), ...(request.original.messageId ? [request.original.messageId] : [])];
  return {
    id: `receipt-${request.submissionId}`,
    from: request.from,
    to: [request.to],
    subject: `Re: ${subject} — 回执 Receipt: ${headline}`,
    text: text.join('\n'),
    html: html.join('\n'),
    ...(request.original.messageId ? { inReplyTo: request.original.messageId } : {}),
    ...(references.length > 0 ? { references } : {}),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-OrderDesk-Receipt': request.submissionId },
    attachments,
  };
}
