import type { Job } from 'bullmq';
import { INTAKE_BOT, intakeMail } from '../bots/intake/mail-intake.ts';
import { readSubmittedMail } from '../bots/intake/submitted-mail.ts';
import type { SubmissionRecord } from '../core/ledger/submission-log.ts';
import type { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { jobIdFor, QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/** Where a handled message ends up in the shared mailbox. Approval replies stay in INBOX for the approvals bot to file. */
export const MAILBOX_FOLDERS = {
  processed: 'Processed',
  refused: 'Rejected',
  unrecognized: 'Unrecognized',
  quarantined: 'Quarantine',
} as const;

function folderFor(outcome: SubmissionRecord['outcome']): string | undefined {
  return outcome === 'approval-reply' ? undefined : MAILBOX_FOLDERS[outcome];
}

/**
 * The intake queue's mail jobs: fetch the message, triage it, run a submission through the intake bot,
 * queue its orders for review and its receipt for sending, record the outcome, and only then move the
 * message out of INBOX. Every step is safe to repeat, because BullMQ may run a job twice.
 */
export function createMailIntakeProcessor(runtime: Runtime, mailbox: MailboxConnection) {
  const { settings, ledger, submissions, queues, log } = runtime;

  const moveOut = async (uid: number, folder: string | undefined): Promise<void> => {
    if (!folder) return;
    await mailbox.withMailbox('INBOX', async (client) => {
      const present = await client.search({ uid: String(uid) }, { uid: true });
      if (present && present.includes(uid)) await client.messageMove(String(uid), folder, { uid: true });
    });
  };

  const record = async (id: string, uid: number, record: Omit<SubmissionRecord, 'id' | 'recordedAt'>): Promise<void> => {
    await submissions.record({ id, ...record });
    await moveOut(uid, folderFor(record.outcome));
  };

  return async (job: Job): Promise<void> => {
    const payload = QUEUE_CATALOGUE.intake.payload.parse(job.data);
    if (payload.kind !== 'mail') throw new Error(`mail intake got a ${payload.kind} job`);
    const submissionId = job.id as string;
    try {
      const done = await submissions.get(submissionId);
      if (done) return await moveOut(payload.uid, folderFor(done.outcome));

      const source = await mailbox.withMailbox('INBOX', async (client) => {
        const message = await client.fetchOne(String(payload.uid), { source: true }, { uid: true });
        return message ? message.source : undefined;
      });
      if (!source) {
        log.warn({ submissionId, uid: payload.uid }, 'message left INBOX before triage; nothing to do');
        return;
      }
      const mail = await readSubmittedMail(source, submissionId);
      const outcome = await intakeMail(mail, submissionId, {
        ledger,
        allowedSenderDomains: settings.intake.allowedSenderDomains,
        limits: settings.intake,
        sharedMailbox: settings.mail.sharedMailbox,
        queueForReview: (orderIds) => queues.addBulk('review', orderIds.map((orderId) => ({ jobId: jobIdFor('review', orderId), payload: { orderId } }))),
      });
      if (outcome.kind === 'approval-reply') {
        const { mailbox: folder, uidValidity, uid } = payload;
        await queues.add('approvals', jobIdFor('approval-reply', submissionId), { kind: 'reply', mailbox: folder, uidValidity, uid, ...(mail.messageId ? { messageId: mail.messageId } : {}) });
      }
      if (outcome.receipt) await runtime.sendMail(outcome.receipt);
      await ledger.audit(outcome.audit);
      await record(submissionId, payload.uid, outcome.record);
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        // Out of retries: park it where ops will see it, so INBOX keeps flowing.
        log.error({ submissionId, err: (error as Error).message }, 'intake gave up on a message; quarantined');
        await ledger.audit({ actor: INTAKE_BOT, action: 'mail-quarantined', reason: (error as Error).message, detail: { submissionId, uid: payload.uid } }).catch(() => undefined);
        await record(submissionId, payload.uid, { kind: 'mail', reference: payload.messageId ?? submissionId, submitter: '', outcome: 'quarantined', accepted: 0, rejected: 0 }).catch(() => undefined);
      }
      throw error;
    }
  };
}
