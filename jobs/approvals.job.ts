import type { Job } from 'bullmq';
import type { ImapFlow } from 'imapflow';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { APPROVAL_TOKEN_HEADER } from '../bots/intake/triage.ts';
import type { ApprovalDesk, IncomingReply, ReplyFolder } from '../bots/approvals/index.ts';
import type { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { enqueueNextStep } from './next-step.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/**
 * Where the approvals bot files a reply once its outcome is recorded: answered ones (decisions, late
 * and unreadable replies) with the processed mail; refused ones (forged sender, bad or replayed token)
 * in a folder of their own, kept apart from refused order sheets so ops can examine them as evidence.
 */
export const APPROVAL_REPLY_FOLDERS: Readonly<Record<ReplyFolder, string>> = { processed: 'Processed', security: 'Security' };

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerValues(parsed: ParsedMail, name: string): string[] {
  return parsed.headerLines
    .filter((h) => h.key === name)
    .map((h) => h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export function incomingReply(replyId: string, parsed: ParsedMail): IncomingReply {
  const plain = (name: string): string[] => headerValues(parsed, name).map((v) => v.replace(/[<>]/g, '').toLowerCase());
  const tokenHeader = headerValues(parsed, APPROVAL_TOKEN_HEADER)[0];
  return {
    replyId,
    messageId: parsed.messageId ?? '',
    subject: parsed.subject ?? '',
    from: addresses(parsed.from),
    recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...plain('delivered-to'), ...plain('x-original-to')],
    references: [...asList(parsed.inReplyTo), ...asList(parsed.references)],
    authenticationResults: headerValues(parsed, 'authentication-results'),
    ...(tokenHeader ? { tokenHeader } : {}),
    text: parsed.text ?? '',
  };
}

/** The message's UID now: the one triage saw, or found again by Message-ID after a UIDVALIDITY change. */
async function currentUid(client: ImapFlow, payload: { uidValidity: string; uid: number; messageId?: string }): Promise<number | undefined> {
  const sameMailbox = client.mailbox && String(client.mailbox.uidValidity) === payload.uidValidity;
  const found = sameMailbox
    ? await client.search({ uid: String(payload.uid) }, { uid: true })
    : payload.messageId
      ? await client.search({ header: { 'message-id': payload.messageId } }, { uid: true })
      : [];
  return Array.isArray(found) ? found[0] : undefined;
}

/**
 * The approvals queue: level requests, re-sends asked for on the dashboard, and replies. A reply is read from the shared mailbox, judged and
 * acted on by the bot, its next step queued and its outcome recorded — and only then is the message
 * moved out of INBOX. A re-run finds the outcome and only moves the message.
 */
export function createApprovalsProcessor(runtime: Runtime, desk: ApprovalDesk, mailbox: MailboxConnection) {
  const file = async (payload: { mailbox: string; uidValidity: string; uid: number; messageId?: string }, folder: ReplyFolder): Promise<void> => {
    await mailbox.withMailbox(payload.mailbox, async (client) => {
      const uid = await currentUid(client, payload);
      if (uid !== undefined) await client.messageMove(String(uid), APPROVAL_REPLY_FOLDERS[folder], { uid: true });
    });
  };

  return async (job: Job): Promise<void> => {
    const payload = QUEUE_CATALOGUE.approvals.payload.parse(job.data);
    if (!('kind' in payload)) {
      await desk.resendRequests(payload.orderId, job.id as string);
      return;
    }
    if (payload.kind === 'request') {
      await desk.requestLevel(payload.orderId, payload.level);
      return;
    }
    const replyId = job.id as string;
    const done = await desk.replyOutcome(replyId);
    if (done) return file(payload, done.folder);

    const source = await mailbox.withMailbox(payload.mailbox, async (client) => {
      const uid = await currentUid(client, payload);
      if (uid === undefined) return undefined;
      const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
      return message ? message.source : undefined;
    });
    if (!source) {
      runtime.log.warn({ replyId, uid: payload.uid }, 'approval reply left INBOX before it was read; nothing to do');
      return;
    }
    const outcome = await desk.handleReply(incomingReply(replyId, await simpleParser(source)));
    if (outcome.orderId) await enqueueNextStep(runtime, outcome.orderId, outcome.next);
    await desk.recordReplyOutcome(replyId, outcome);
    await file(payload, outcome.folder);
  };
}
