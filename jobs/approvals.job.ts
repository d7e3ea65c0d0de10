import type { Job } from 'bullmq';
import { simpleParser } from 'mailparser';
import { APPROVAL_REPLY_FOLDERS, incomingReply, type ApprovalDesk, type ReplyFolder } from '../bots/approvals/index.ts';
import { currentUid, type MessagePlace } from '../core/mail/current-uid.ts';
import type { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { enqueueNextStep } from './next-step.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/**
 * The approvals queue: level requests, re-sends asked for on the dashboard, and replies. A reply is read from the shared mailbox, judged and
 * acted on by the bot, its next step queued and its outcome recorded — and only then is the message
 * moved out of INBOX. A re-run finds the outcome and only moves the message.
 */
export function createApprovalsProcessor(runtime: Runtime, desk: ApprovalDesk, mailbox: MailboxConnection) {
  const file = async (payload: MessagePlace & { mailbox: string }, folder: ReplyFolder): Promise<void> => {
    await mailbox.withMailbox(payload.mailbox, async (client) => {
      const uid = await currentUid(client, payload);
      if (uid !== undefined) await client.messageMove(String(uid), APPROVAL_REPLY_FOLDERS[folder], { uid: true });
    });
  };

  return async (job: Job): Promise<void> => {
    const payload = QUEUE_CATALOGUE.approvals.payload.parse(job.data);
    if (!('kind' in payload)) {
      await desk.requests.resendRequests(payload.orderId, job.id as string);
      return;
    }
    if (payload.kind === 'request') {
      await desk.requests.requestLevel(payload.orderId, payload.level);
      return;
    }
    const replyId = job.id as string;
    const done = await desk.replies.replyOutcome(replyId);
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
    const outcome = await desk.replies.handleReply(incomingReply(replyId, await simpleParser(source)));
    if (outcome.orderId) await enqueueNextStep(runtime, outcome.orderId, outcome.next);
    await desk.replies.recordReplyOutcome(replyId, outcome);
    await file(payload, outcome.folder);
  };
}
