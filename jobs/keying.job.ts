import type { Job } from 'bullmq';
import { OrderDeskError } from '../core/errors/orderdesk-error.ts';
import {
  buildKeyingPausedMail,
  keyApprovedOrder,
  KeyingAttemptError,
  KEYING_BOT,
  summaryIfSubmissionDone,
  type CrmKeyer,
  type FailureStreak,
  type KeyingArtifacts,
} from '../bots/keying/index.ts';
import { QUEUE_CATALOGUE } from './queue-catalogue.ts';
import type { Runtime } from './runtime.ts';

export interface KeyingBot {
  keyer: CrmKeyer;
  artifacts: KeyingArtifacts;
  streak: FailureStreak;
}

/**
 * The keying queue's processor: key one order (the bot records the ledger), keep the consecutive-failure
 * count, pause the queue and alert ops when it trips, and send the submitter one summary when the
 * submission's last order is done. CRM refusals are thrown as business errors (never retried).
 */
export function createKeyingProcessor(runtime: Runtime, bot: KeyingBot) {
  const { ledger, log } = runtime;

  const sendSummaryIfDone = async (orderId: string): Promise<void> => {
    const order = await ledger.get(orderId);
    if (!order) return;
    const mail = await summaryIfSubmissionDone(ledger, order.source.reference, runtime.settings.mail.sharedMailbox);
    if (!mail) return;
    const fresh = (await runtime.outbox.status(mail.id)) === undefined;
    await runtime.sendMail(mail);
    if (fresh) await ledger.audit({ actor: KEYING_BOT, action: 'keying-summary-staged', detail: { mailId: mail.id, reference: order.source.reference, to: mail.to } });
  };

  // The alert is staged and queued before the queue pauses: a process dying in between must not leave a
  // paused queue that ops were never told about.
  const pauseKeying = async (episode: number, streak: number, lastError: string): Promise<void> => {
    const mail = buildKeyingPausedMail({
      episode,
      from: runtime.settings.mail.sharedMailbox,
      to: runtime.settings.mail.opsAddress,
      streak,
      lastError,
      crmUrl: runtime.settings.crm.url ?? '(not configured)',
      probeIntervalSeconds: runtime.settings.keying.probeIntervalSeconds,
    });
    const fresh = (await runtime.outbox.status(mail.id)) === undefined;
    await runtime.sendMail(mail);
    await runtime.queues.get('keying').pause();
    if (fresh) {
      log.error({ episode, streak, lastError }, 'keying paused after consecutive system failures; ops alerted');
      await ledger.audit({ actor: KEYING_BOT, action: 'keying-paused', reason: lastError, detail: { episode, streak, mailId: mail.id } });
    }
  };

  return async (job: Job): Promise<unknown> => {
    const { orderId } = QUEUE_CATALOGUE.keying.payload.parse(job.data);
    const attempt = job.attemptsMade + 1;
    const finalAttempt = attempt >= (job.opts.attempts ?? 1);
    try {
      const outcome = await keyApprovedOrder({ ledger, keyer: bot.keyer, artifacts: bot.artifacts }, { orderId, attempt, finalAttempt });
      switch (outcome.kind) {
        case 'keyed':
          await bot.streak.recordAnswer();
          log.info({ orderId, crmOrderNo: outcome.crmOrderNo, how: outcome.how, keyingMs: outcome.keyingMs }, 'order keyed');
          await sendSummaryIfDone(orderId);
          return { crmOrderNo: outcome.crmOrderNo, how: outcome.how };
        case 'already_keyed':
          // A rerun of a finished job; the first run may have died before staging the summary.
          await sendSummaryIfDone(orderId);
          return { crmOrderNo: outcome.crmOrderNo, how: 'already_keyed' };
        case 'not_keyable':
          log.warn({ orderId, status: outcome.status }, 'keying job for an order that is not approved; left alone');
          return { skipped: outcome.status };
        case 'refused':
          await bot.streak.recordAnswer();
          if (outcome.artifacts) await job.log(JSON.stringify({ attempt, artifacts: outcome.artifacts }));
          log.warn({ orderId, reason: outcome.message, artifacts: outcome.artifacts?.dir }, 'CRM refused the order; needs attention');
          await sendSummaryIfDone(orderId);
          throw new OrderDeskError('crm_refused', outcome.message, { business: true });
      }
    } catch (error) {
      if (!(error instanceof KeyingAttemptError)) throw error;
      if (error.artifacts) {
        await job.log(JSON.stringify({ attempt, error: error.message, artifacts: error.artifacts }));
        await job.updateData({ orderId, lastFailure: { attempt, code: error.code, artifacts: error.artifacts } });
      }
      log.warn({ orderId, attempt, code: error.code, err: error.message, artifacts: error.artifacts?.dir }, 'keying attempt failed');
      const record = await bot.streak.recordFailure();
      if (record.pauseEpisode > 0) await pauseKeying(record.pauseEpisode, record.streak, error.message);
      if (finalAttempt) await sendSummaryIfDone(orderId);
      throw error;
    }
  };
}
