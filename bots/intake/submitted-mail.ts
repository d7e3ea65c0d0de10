import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { SubmittedFile } from './handle-submission.ts';
import type { IncomingMail } from './triage.ts';

/** One message from the shared mailbox as intake reads it: what triage needs, and the files it carries. */
export interface SubmittedMail extends IncomingMail {
  /** The sender's address, lower case ('' when the message has none). */
  from: string;
  /** The message's Message-ID, or the submission's own id for a message without one. */
  reference: string;
  messageId?: string;
  references: string[];
  files: SubmittedFile[];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerAddresses(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  return typeof value === 'string' ? [value.replace(/[<>]/g, '').trim().toLowerCase()] : [];
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * Parses a raw message (RFC 822 source). Only the attachments matter to intake, so no HTML/text
 * conversion is done. Delivered-To and X-Original-To count as recipients: an approval reply's
 * plus-address may survive only there after a forwarding rule.
 */
export async function readSubmittedMail(source: Buffer, submissionId: string): Promise<SubmittedMail> {
  const parsed = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true });
  return {
    from: addresses(parsed.from)[0] ?? '',
    reference: parsed.messageId ?? submissionId,
    ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
    references: asList(parsed.references),
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...headerAddresses(parsed, 'delivered-to'), ...headerAddresses(parsed, 'x-original-to')],
    subject: parsed.subject ?? '',
    headers: parsed.headers,
    attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
    files: parsed.attachments.map((a, index) => ({
      fileName: a.filename ?? `attachment-${index + 1}`,
      content: a.content,
      contentType: a.contentType,
      inline: a.contentDisposition === 'inline' || a.related === true,
    })),
  };
}
