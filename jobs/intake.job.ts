import type { Job } from 'bullmq';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { handleSubmission, type SubmittedFile } from '../bots/intake/handle-submission.ts';
import { buildReceipt } from '../bots/intake/receipt.ts';
import { triageMail } from '../bots/intake/triage.ts';
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

const BOT = 'intake-bot';

function folderFor(outcome: SubmissionRecord['outcome']): string | undefined {
  return outcome === 'approval-reply' ? undefined : MAILBOX_FOLDERS[outcome];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);
}

function headerAddresses(parsed: ParsedMail, name: string): string[] {
  const value = parsed.headers.get(name);
  return typeof value === 'string' ? [value.replace(/[<>]/g, '').trim().toLowerCase()] : [];
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
      const parsed = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true });
      const from = addresses(parsed.from)[0] ?? '';
      const reference = parsed.messageId ?? submissionId;
      const decision = triageMail(
        {
          from,
          recipients: [...addresses(parsed.to), ...addresses(parsed.cc), ...headerAddresses(parsed, 'delivered-to'), ...headerAddresses(parsed, 'x-original-to')],
          subject: parsed.subject ?? '',
          headers: parsed.headers,
          attachments: parsed.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
        },
        settings.intake.allowedSenderDomains,
      );
      const base = { kind: 'mail' as const, reference, submitter: from, accepted: 0, rejected: 0 };

      if (decision.kind === 'approval-reply') {
        // Handed to the approvals bot, which reads it, decides, records, and only then moves it out of INBOX.
        await queues.add('approvals', jobIdFor('approval-reply', submissionId), {
          kind: 'reply',
          mailbox: payload.mailbox,
          uidValidity: payload.uidValidity,
          uid: payload.uid,
          ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
        });
        await ledger.audit({ actor: BOT, action: 'approval-reply-received', detail: { messageId: reference, from } });
        return await record(submissionId, payload.uid, { ...base, outcome: 'approval-reply' });
      }
      if (decision.kind === 'unrecognized') {
        await ledger.audit({ actor: BOT, action: 'mail-unrecognized', reason: decision.reason, detail: { messageId: reference, from, subject: parsed.subject } });
        return await record(submissionId, payload.uid, { ...base, outcome: 'unrecognized', refusalCode: 'unrecognized' });
      }

      const files: SubmittedFile[] = parsed.attachments.map((a, index) => ({
        fileName: a.filename ?? `attachment-${index + 1}`,
        content: a.content,
        contentType: a.contentType,
        inline: a.contentDisposition === 'inline' || a.related === true,
      }));
      const oversized = files.filter((f) => (f.content?.length ?? 0) > settings.intake.maxAttachmentBytes);
      const result = await handleSubmission(
        files.filter((f) => !oversized.includes(f)),
        { ledger, source: { kind: 'mail', reference, submitter: from }, actor: BOT, readOptions: { limits: settings.intake } },
      );
      for (const file of oversized) {
        const limitMb = (settings.intake.maxAttachmentBytes / 1024 / 1024).toFixed(0);
        result.sheets.push({
          fileName: file.fileName,
          rows: [],
          refusal: { code: 'file_too_large', message: `附件超过 ${limitMb} MB 上限 / The attachment exceeds the ${limitMb} MB limit` },
        });
      }
      const noSheet = result.sheets.length === 0;
      const refused = noSheet || result.sheets.every((s) => s.refusal !== undefined && s.rows.length === 0);

      await queues.addBulk('review', result.acceptedOrderIds.map((orderId) => ({ jobId: jobIdFor('review', orderId), payload: { orderId } })));
      const receipt = await buildReceipt({
        submissionId,
        from: settings.mail.sharedMailbox,
        to: from,
        original: { subject: parsed.subject ?? '', ...(parsed.messageId ? { messageId: parsed.messageId } : {}), references: toArray(parsed.references) },
        sheets: result.sheets,
        noSheet,
      });
      await runtime.sendMail(receipt);
      await ledger.audit({
        actor: BOT,
        action: refused ? 'submission-refused' : 'submission-processed',
        detail: { messageId: reference, from, accepted: result.accepted, rejected: result.rejected, files: result.sheets.map((s) => ({ file: s.fileName, refusal: s.refusal?.code })) },
      });
      await record(submissionId, payload.uid, {
        ...base,
        outcome: refused ? 'refused' : 'processed',
        accepted: result.accepted,
        rejected: result.rejected,
        receiptMailId: receipt.id,
        ...(refused ? { refusalCode: result.sheets[0]?.refusal?.code ?? 'no_sheet' } : {}),
      });
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        // Out of retries: park it where ops will see it, so INBOX keeps flowing.
        log.error({ submissionId, err: (error as Error).message }, 'intake gave up on a message; quarantined');
        await ledger.audit({ actor: BOT, action: 'mail-quarantined', reason: (error as Error).message, detail: { submissionId, uid: payload.uid } }).catch(() => undefined);
        await record(submissionId, payload.uid, { kind: 'mail', reference: payload.messageId ?? submissionId, submitter: '', outcome: 'quarantined', accepted: 0, rejected: 0 }).catch(() => undefined);
      }
      throw error;
    }
  };
}

function toArray(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
