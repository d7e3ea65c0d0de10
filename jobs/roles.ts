import { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { createDropFileProcessor } from './drop-folder.job.ts';
import { createMailIntakeProcessor, MAILBOX_FOLDERS } from './intake.job.ts';
import { IntakeMailboxWatcher } from './intake-mailbox-watcher.ts';
import { createMailProcessor } from './mail.job.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

export const ROLES = ['intake', 'review', 'approvals', 'keying', 'scheduler', 'dunning', 'dashboard'] as const;
export type Role = (typeof ROLES)[number];

export interface RunningRole {
  name: Role;
  close(): Promise<void>;
}

/**
 * Intake: watches the shared mailbox, triages and reads submissions (mail and drop-folder files), and
 * sends the outbox (receipts and every other mail) — the role that faces the mail server.
 */
export async function startIntakeRole(runtime: Runtime): Promise<RunningRole> {
  const account = runtime.sharedMailboxAccount();
  const mailbox = new MailboxConnection({ account, log: runtime.log });
  await mailbox.ensureFolders(Object.values(MAILBOX_FOLDERS));
  const mailIntake = createMailIntakeProcessor(runtime, mailbox);
  const dropIntake = createDropFileProcessor(runtime);
  const intakeWorker = startWorker(runtime, 'intake', (job) => ((job.data as { kind?: string }).kind === 'drop-file' ? dropIntake(job) : mailIntake(job)), { concurrency: 2 });
  const mailWorker = startWorker(runtime, 'mail', createMailProcessor(runtime), { concurrency: 3 });
  const watcher = new IntakeMailboxWatcher({
    account,
    redis: runtime.redis,
    queues: runtime.queues,
    prefix: runtime.settings.redis.prefix,
    log: runtime.log,
    sweepIntervalMs: runtime.settings.intake.sweepIntervalSeconds * 1000,
  });
  await watcher.start();
  return {
    name: 'intake',
    close: async () => {
      await watcher.close();
      await Promise.allSettled([intakeWorker.close(), mailWorker.close()]);
      await mailbox.close();
    },
  };
}

