import { UnrecoverableError, type Job } from 'bullmq';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

/**
 * The outbox's sender. A temporary SMTP refusal (4xx, connection lost) is retried with backoff; a
 * permanent one (5xx: no such recipient) is audited and not retried, since resending cannot help.
 */
export function createMailProcessor(runtime: Runtime) {
  return async (job: Job): Promise<void> => {
    const { mailId } = QUEUE_CATALOGUE.mail.payload.parse(job.data);
    try {
      const sent = await runtime.outbox.send(mailId, runtime.smtpTransport());
      if (sent) await runtime.ledger.audit({ actor: 'mail-bot', action: 'mail-sent', detail: { mailId } });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) {
        await runtime.ledger.audit({ actor: 'mail-bot', action: 'mail-bounced', reason: (error as Error).message, detail: { mailId, code } });
        throw new UnrecoverableError(`mail ${mailId} refused permanently: ${(error as Error).message}`);
      }
      throw error;
    }
  };
}
