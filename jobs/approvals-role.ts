import { APPROVAL_REPLY_FOLDERS } from '../bots/approvals/index.ts';
import { MailboxConnection } from '../core/mail/mailbox-connection.ts';
import { approvalDeskFor, loadApprovalSetup, type ApprovalSetup } from './approval-setup.ts';
import { createApprovalsProcessor } from './approvals.job.ts';
import type { RunningRole } from './roles.ts';
import type { Runtime } from './runtime.ts';
import { startWorker } from './workers.ts';

export interface ApprovalsRoleOptions {
  /** The parsed business files; default: read from the configured paths. */
  setup?: ApprovalSetup;
  /** The bot's clock (token expiry, decision times); tests move it. */
  now?: () => Date;
}

/**
 * Approvals: sends each level's requests and reads approval replies from the shared mailbox (triage
 * hands them over), over an IMAP connection of its own. Needs the intake role's mail worker to send.
 */
export async function startApprovalsRole(runtime: Runtime, options: ApprovalsRoleOptions = {}): Promise<RunningRole> {
  const setup = options.setup ?? loadApprovalSetup(runtime.settings);
  const mailbox = new MailboxConnection({ account: runtime.sharedMailboxAccount(), log: runtime.log });
  try {
    await mailbox.ensureFolders(Object.values(APPROVAL_REPLY_FOLDERS));
  } catch (error) {
    await mailbox.close();
    throw error;
  }
  const desk = approvalDeskFor(runtime, setup, options.now);
  const worker = startWorker(runtime, 'approvals', createApprovalsProcessor(runtime, desk, mailbox), { concurrency: 2 });
  return {
    name: 'approvals',
    close: async () => {
      await worker.close();
      await mailbox.close();
    },
  };
}
