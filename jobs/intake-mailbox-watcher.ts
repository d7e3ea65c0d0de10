import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logging/logger.ts';
import { MailboxConnection, type MailboxAccount } from '../core/mail/mailbox-connection.ts';
import { jobIdFor, type QueuePayload } from './queue-catalogue.ts';
import type { OrderDeskQueues } from './queues.ts';

export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The triage job's id: one per message, whatever the number of sweeps, IDLE wake-ups or watchers. */
export function triageJobId(mailbox: string, uidValidity: string, uid: number): string {
  return jobIdFor('mail', shortHash(mailbox), uidValidity, uid);
}

/**
 * Watches the shared mailbox with IDLE and a periodic sweep (a silently dead IDLE must never stall
 * intake), and turns each new message into one triage job. The cursor (UIDVALIDITY + last UID) lives in
 * Redis and only advances after the jobs are enqueued; a Message-ID guard keeps a UIDVALIDITY resync
 * from triaging the same mail twice.
 */
export class IntakeMailboxWatcher {
  private readonly connection: MailboxConnection;
  private sweepTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescanWanted = false;
  private closed = false;

  constructor(
    private readonly deps: {
      account: MailboxAccount;
      redis: Redis;
      queues: OrderDeskQueues;
      prefix: string;
      log: Logger;
      sweepIntervalMs: number;
    },
  ) {
    this.connection = new MailboxConnection({ account: deps.account, log: deps.log, onNewMail: () => void this.scanSoon() });
  }

  private get cursorKey(): string {
    return `${this.deps.prefix}:intake:cursor:${this.deps.account.user}`;
  }

  async start(): Promise<void> {
    await this.connection.connect();
    this.sweepTimer = setInterval(() => void this.scanSoon(), this.deps.sweepIntervalMs);
    await this.scanSoon();
  }

  /** Scans now, or once more right after the scan in progress (mail that arrived meanwhile). */
  scanSoon(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.scanning) {
      this.rescanWanted = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescanWanted = false;
        try {
          await this.scan();
        } catch (error) {
          // The next IDLE event or sweep retries; a reconnect is already under way if the server went.
          this.deps.log.warn({ err: (error as Error).message }, 'mailbox scan failed');
        }
      } while (this.rescanWanted && !this.closed);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  async readCursor(): Promise<MailboxCursor | undefined> {
    const hash = await this.deps.redis.hgetall(this.cursorKey);
    return hash.uidValidity ? { uidValidity: hash.uidValidity, lastUid: Number(hash.lastUid ?? 0) } : undefined;
  }

  private async scan(): Promise<void> {
    const { redis, queues, log, prefix, account } = this.deps;
    const found = await this.connection.withMailbox('INBOX', async (client) => {
      const mailbox = client.mailbox;
      if (!mailbox) throw new Error('INBOX not selected');
      const uidValidity = String(mailbox.uidValidity);
      const cursor = await this.readCursor();
      const resync = cursor !== undefined && cursor.uidValidity !== uidValidity;
      if (resync) log.warn({ was: cursor.uidValidity, now: uidValidity }, 'UIDVALIDITY changed; resyncing the shared mailbox');
      const after = cursor && !resync ? cursor.lastUid : 0;
      const messages: { uid: number; messageId?: string }[] = [];
      if (mailbox.exists > 0) {
        for await (const message of client.fetch(`${after + 1}:*`, { uid: true, envelope: true }, { uid: true })) {
          // `n:*` always includes the newest message, even when its UID is below n.
          if (message.uid > after) messages.push({ uid: message.uid, messageId: message.envelope?.messageId });
        }
      }
      return { uidValidity, messages };
    });
    if (found.messages.length === 0) {
      await redis.hsetnx(this.cursorKey, 'uidValidity', found.uidValidity);
      return;
    }
    const jobs: { jobId: string; payload: QueuePayload<'intake'> }[] = [];
    for (const message of found.messages) {
      if (message.messageId) {
        const first = await redis.set(
          `${prefix}:intake:message-id:${shortHash(message.messageId)}`,
          triageJobId(account.user, found.uidValidity, message.uid),
          'NX',
        );
        const owner = first ? undefined : await redis.get(`${prefix}:intake:message-id:${shortHash(message.messageId)}`);
        // Seen before under another UID (a UIDVALIDITY change, or the same mail delivered twice): skip.
        if (!first && owner !== triageJobId(account.user, found.uidValidity, message.uid)) continue;
      }
      jobs.push({
        jobId: triageJobId(account.user, found.uidValidity, message.uid),
        payload: { kind: 'mail', mailbox: 'INBOX', uidValidity: found.uidValidity, uid: message.uid, ...(message.messageId ? { messageId: message.messageId } : {}) },
      });
    }
    await queues.addBulk('intake', jobs);
    const lastUid = Math.max(...found.messages.map((m) => m.uid));
    await redis.hset(this.cursorKey, 'uidValidity', found.uidValidity, 'lastUid', String(lastUid));
    log.debug({ enqueued: jobs.length, lastUid }, 'mailbox scanned');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.scanning?.catch(() => undefined);
    await this.connection.close();
  }
}
