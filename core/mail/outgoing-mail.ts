/** A message the outbox will send exactly once. Attachments travel base64 so the record is plain JSON. */
export interface OutgoingMail {
  /** Business key: the same mail (e.g. `receipt:<submission>`) always gets the same id and Message-ID. */
  id: string;
  from: string;
  to: string[];
  cc?: string[];
  /** Blind copies: how a sender keeps its own copy of a letter (see the dunning bot's sent-copy check). */
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; contentBase64: string; cid?: string }[];
}

/** Deterministic Message-ID, so a resend after a crash can be recognised in the recipient's mailbox. */
export function messageIdFor(mailId: string, domain: string): string {
  const safe = mailId.replace(/[^A-Za-z0-9._-]/g, '_');
  return `<${safe}@orderdesk.${domain}>`;
}
