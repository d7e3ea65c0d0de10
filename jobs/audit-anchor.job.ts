import { AUDIT_TRAIL_ACTIONS, anchorDigest, buildChainAnchorMail } from '../bots/audit/index.ts';
import { endOfLocalDay, localDayOf, startOfLocalDay } from '../core/calendar/index.ts';
import { AuditReader } from '../core/ledger/audit-reader.ts';
import type { Runtime } from './runtime.ts';

const ANCHOR_ACTOR = 'audit-anchor';

/**
 * Mails the compliance mailbox the heads of every audit chain that moved on the day before the tick
 * (in the firm's time zone). A tick re-run finds the anchor staged and only queues it again: the
 * mail's id is its day.
 */
export async function mailChainAnchor(runtime: Runtime, tickAt: Date): Promise<string> {
  const { settings } = runtime;
  const timeZone = settings.timezone;
  const today = startOfLocalDay(localDayOf(tickAt, timeZone), timeZone) as Date;
  const day = localDayOf(new Date(today.getTime() - 1), timeZone);
  const heads = await new AuditReader(runtime.redis, settings.redis.prefix).headsBetween(startOfLocalDay(day, timeZone) as Date, endOfLocalDay(day, timeZone) as Date);
  const mail = buildChainAnchorMail({ from: settings.mail.sharedMailbox, to: settings.audit.complianceAddress, day, timeZone, heads });
  const first = !(await runtime.outbox.staged(mail.id));
  await runtime.sendMail(mail);
  // On the firm's chain, so the anchors themselves are part of the evidence.
  if (first) await runtime.ledger.audit({ actor: ANCHOR_ACTOR, action: AUDIT_TRAIL_ACTIONS.anchorMailed, detail: { day, chains: heads.length, digest: anchorDigest(heads), mailId: mail.id, to: settings.audit.complianceAddress } });
  return `audit anchor for ${day}: ${heads.length} chains`;
}
