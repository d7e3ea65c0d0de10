import { existsSync } from 'node:fs';
import type { Job } from 'bullmq';
import { claimDroppedFiles, finishDroppedFile, originalName, writeDropResult } from '../bots/intake/drop-folder.ts';
import { handleSubmission } from '../bots/intake/handle-submission.ts';
import { writeResultWorkbook } from '../bots/intake/result-workbook.ts';
import { jobIdFor, QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

const BOT = 'drop-folder-bot';

/** Claims settled files and enqueues one intake job per claimed file (the claim name is the job id). */
export async function scanDropFolder(runtime: Runtime, folder: string): Promise<number> {
  const claimed = await claimDroppedFiles(folder);
  await runtime.queues.addBulk(
    'intake',
    claimed.map((claimedPath) => ({ jobId: jobIdFor('drop', claimedPath), payload: { kind: 'drop-file' as const, claimedPath } })),
  );
  return claimed.length;
}

/**
 * The intake queue's drop-folder jobs: same reader, rules and ledger as mail. The result workbook is
 * written beside the file and the outcome recorded before the file leaves `processing/`.
 */
export function createDropFileProcessor(runtime: Runtime) {
  const { ledger, submissions, queues } = runtime;
  return async (job: Job): Promise<void> => {
    const payload = QUEUE_CATALOGUE.intake.payload.parse(job.data);
    if (payload.kind !== 'drop-file') throw new Error(`drop-folder intake got a ${payload.kind} job`);
    const submissionId = job.id as string;
    const done = await submissions.get(submissionId);
    if (done) {
      await finishDroppedFile(payload.claimedPath, done.outcome === 'processed' ? 'processed' : 'rejected');
      return;
    }
    if (!existsSync(payload.claimedPath)) return;
    const fileName = originalName(payload.claimedPath);
    const result = await handleSubmission([{ fileName, path: payload.claimedPath }], {
      ledger,
      source: { kind: 'drop-folder', reference: payload.claimedPath, submitter: 'drop-folder' },
      actor: BOT,
      readOptions: { limits: runtime.settings.intake },
    });
    await queues.addBulk('review', result.acceptedOrderIds.map((orderId) => ({ jobId: jobIdFor('review', orderId), payload: { orderId } })));
    await writeDropResult(payload.claimedPath, await writeResultWorkbook(result.sheets));
    const refused = result.wholeSubmissionRefused;
    await ledger.audit({
      actor: BOT,
      action: refused ? 'submission-refused' : 'submission-processed',
      detail: { file: fileName, accepted: result.accepted, rejected: result.rejected, refusal: result.sheets[0]?.refusal?.code },
    });
    await submissions.record({
      id: submissionId,
      kind: 'drop-folder',
      reference: payload.claimedPath,
      submitter: 'drop-folder',
      outcome: refused ? 'refused' : 'processed',
      accepted: result.accepted,
      rejected: result.rejected,
      ...(refused ? { refusalCode: result.sheets[0]?.refusal?.code ?? 'unreadable' } : {}),
    });
    await finishDroppedFile(payload.claimedPath, refused ? 'rejected' : 'processed');
  };
}
