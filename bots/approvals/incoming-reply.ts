import type { AddressObject, ParsedMail } from 'mailparser';
import { APPROVAL_TOKEN_MAIL_HEADER } from './approval-mails.ts';
import { automaticReplyMarker } from './automatic-reply.ts';

/** An approval reply as read from the shared mailbox. */
export interface IncomingReply {
  /** The approvals job's id: one per message. */
  replyId: string;
  messageId: string;
  subject: string;
  /** From addresses, lower case. */
  from: string[];
  /** Sender addresses, lower case: who actually sent it when not the From (Exchange "send on behalf"). */
  sender: string[];
  /** To, Cc, Delivered-To, X-Original-To, lower case. */
  recipients: string[];
  /** In-Reply-To then References. */
  references: string[];
  /** Authentication-Results values, topmost first. */
  authenticationResults: string[];
  tokenHeader?: string;
  /** The auto-responder marker found (header or subject): such a reply is ignored, never answered. */
  automatic?: string;
  /** The sender's text as the parser decoded it (charset, QP/base64; HTML-only mail turned into text). */
  text: string;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerValues(parsed: ParsedMail, name: string): string[] {
  return parsed.headerLines
    .filter((h) => h.key === name)
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

function headerMap(parsed: ParsedMail): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const h of parsed.headerLines) map.set(h.key, [...(map.get(h.key) ?? []), h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()]);
  return map;
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** What the approvals bot needs of one parsed reply (mailparser has decoded its charset and transfer encoding). */
export function incomingReply(replyId: string, parsed: ParsedMail): IncomingReply {
  const plain = (name: string): string[] => headerValues(parsed, name).map((v) => v.replace(/[<>]/g, '').toLowerCase());
  const tokenHeader = headerValues(parsed, APPROVAL_TOKEN_MAIL_HEADER.toLowerCase())[0];
  const automatic = automaticReplyMarker(headerMap(parsed), parsed.subject ?? '');
  const sender = parsed.headers.get('sender') as AddressObject | AddressObject[] | undefined;
  return {
    replyId,
    messageId: parsed.messageId ?? '',
    subject: parsed.subject ?? '',
    from: addresses(parsed.from),
    sender: addresses(sender),
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...plain('delivered-to'), ...plain('x-original-to')],
    references: [...asList(parsed.inReplyTo), ...asList(parsed.references)],
    authenticationResults: headerValues(parsed, 'authentication-results'),
    ...(tokenHeader ? { tokenHeader } : {}),
    ...(automatic ? { automatic } : {}),
    text: parsed.text ?? '',
  };
}
