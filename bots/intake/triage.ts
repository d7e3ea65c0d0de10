/** What the shared mailbox's triage needs to know of one message (parsed by the job). */
export interface IncomingMail {
  from?: string;
  recipients: string[];
  subject: string;
  headers: Map<string, unknown>;
  attachments: { filename?: string; contentType: string; size: number }[];
}

export type TriageDecision =
  | { kind: 'submission' }
  | { kind: 'approval-reply'; token: string }
  | { kind: 'unrecognized'; reason: string };

/** The approval request's Reply-To is `orders+apv-<token>@…` (bots/approvals/approval-mails.ts). */
const APPROVAL_ADDRESS = /\+apv-([A-Za-z0-9_-]+)@/;

function isAutomatic(mail: IncomingMail): boolean {
  const autoSubmitted = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
  const from = (mail.from ?? '').toLowerCase();
  const contentType = String((mail.headers.get('content-type') as { value?: string } | undefined)?.value ?? '').toLowerCase();
  return autoSubmitted !== 'no' || /^(mailer-daemon|postmaster)@/.test(from) || contentType === 'multipart/report';
}

/**
 * Sorts one message: an approval reply (by its plus-address token), a sheet submission (from an allowed
 * sender domain), or something else. Automatic mail (bounces, out-of-office) is never a submission:
 * answering it with a receipt could start a mail loop.
 */
export function triageMail(mail: IncomingMail, allowedSenderDomains: string[]): TriageDecision {
  if (isAutomatic(mail)) return { kind: 'unrecognized', reason: 'automatic reply or bounce' };
  for (const address of mail.recipients) {
    const match = APPROVAL_ADDRESS.exec(address);
    if (match?.[1]) return { kind: 'approval-reply', token: match[1] };
  }
  const from = (mail.from ?? '').toLowerCase();
  const domain = from.split('@')[1] ?? '';
  if (!allowedSenderDomains.map((d) => d.toLowerCase()).includes(domain)) {
    return { kind: 'unrecognized', reason: `sender domain ${domain || '(none)'} is not allowed to submit orders` };
  }
  return { kind: 'submission' };
}

/** Attachments that look like order sheets by name or type; anything else attached is refused in the receipt. */
export function isSheetLike(attachment: { filename?: string; contentType: string }): boolean {
  return /\.(xlsx|xlsm|xls|csv|txt)$/i.test(attachment.filename ?? '') || /spreadsheet|excel|csv/i.test(attachment.contentType);
}
