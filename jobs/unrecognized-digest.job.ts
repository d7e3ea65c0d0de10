import { localDayOf } from '../core/calendar/index.ts';
import { buildUnrecognizedDigest } from '../bots/intake/unrecognized-digest.ts';
import type { Runtime } from './runtime.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Stages the digest of the 24 hours before `now` and queues it. Its mail id is the day, so several
 * schedulers ticking at once (or a rerun) send it once.
 */
export async function sendUnrecognizedDigest(runtime: Runtime, now = new Date()): Promise<string | undefined> {
  const day = localDayOf(now, runtime.settings.timezone);
  const records = await runtime.submissions.recordedBetween(new Date(now.getTime() - DAY_MS), now);
  const mail = buildUnrecognizedDigest({ day, from: runtime.settings.mail.sharedMailbox, to: runtime.settings.mail.opsAddress, records });
  if (!mail) return undefined;
  await runtime.sendMail(mail);
  return mail.id;
}
