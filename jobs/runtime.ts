import type { Redis } from 'ioredis';
import type { Transporter } from 'nodemailer';
import type { Settings } from '../config/settings-schema.ts';
import { OrderLedger } from '../core/ledger/order-ledger.ts';
import { SubmissionLog } from '../core/ledger/submission-log.ts';
import { createLogger, type Logger } from '../core/logging/logger.ts';
import { Outbox } from '../core/mail/outbox.ts';
import type { OutgoingMail } from '../core/mail/outgoing-mail.ts';
import { createSmtpTransport } from '../core/mail/smtp-transport.ts';
import { settleWithin } from '../core/process/settle-within.ts';
import { checkRedisDurability, createRedisConnection } from '../core/redis/redis-connection.ts';
import { ConfigError } from '../core/config/load-settings.ts';
import { jobIdFor } from './queue-catalogue.ts';
import { OrderDeskQueues } from './queues.ts';

/** How long start-up waits for Redis before saying it cannot be reached. */
const REDIS_STARTUP_TIMEOUT_MS = 10_000;
/** At shutdown: the producers' goodbye to Redis, then QUIT; past these, the sockets are dropped. */
const QUEUES_CLOSE_TIMEOUT_MS = 1_000;
const REDIS_QUIT_TIMEOUT_MS = 1_000;

async function waitForRedis(redis: Redis, url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new ConfigError(`cannot reach Redis at ${new URL(url).host} (redis.url)`)), REDIS_STARTUP_TIMEOUT_MS);
      }),
    ]);
  } catch (error) {
    redis.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The long-lived clients one OrderDesk process shares between its workers; closed together. */
export class Runtime {
  private closing: Promise<void> | undefined;
  private smtp: Transporter | undefined;

  private constructor(
    readonly settings: Settings,
    readonly log: Logger,
    readonly redis: Redis,
    readonly queues: OrderDeskQueues,
    readonly ledger: OrderLedger,
    readonly submissions: SubmissionLog,
    readonly outbox: Outbox,
  ) {}

  static async create(settings: Settings, log = createLogger({ level: settings.log.level })): Promise<Runtime> {
    if (!settings.redis.url) throw new ConfigError('config error: redis.url: required to run bots (set REDIS_URL)');
    const redis = createRedisConnection(settings.redis.url, { name: 'orderdesk', log });
    await waitForRedis(redis, settings.redis.url);
    for (const warning of (await checkRedisDurability(redis)).warnings) log.warn(warning);
    const prefix = settings.redis.prefix;
    return new Runtime(
      settings,
      log,
      redis,
      new OrderDeskQueues(redis, prefix),
      new OrderLedger(redis, prefix),
      new SubmissionLog(redis, prefix),
      new Outbox(redis, prefix, settings.mail.firmDomain),
    );
  }

  /**
   * Sends a mail exactly once: staged in the outbox under its deterministic id, then queued by that id.
   * A re-run stages the same id again (a no-op) and the queue's job id keeps the send single.
   */
  async sendMail(mail: OutgoingMail): Promise<void> {
    await this.outbox.stage(mail);
    await this.queueMail(mail.id);
  }

  /** Queues a mail already staged in the outbox. */
  async queueMail(mailId: string): Promise<void> {
    await this.queues.add('mail', jobIdFor('mail', mailId), { mailId });
  }

  /** Worker connections must be their own: a blocking BullMQ worker cannot share one with producers. */
  newRedisConnection(name: string): Redis {
    return createRedisConnection(this.settings.redis.url as string, { name, log: this.log });
  }

  smtpTransport(): Transporter {
    const { smtp, sharedMailbox, sharedMailboxPassword } = this.settings.mail;
    if (!smtp || !sharedMailboxPassword) throw new ConfigError('config error: mail.smtp: SMTP_HOST, SMTP_PORT and SHARED_MAILBOX_PASSWORD are required to send mail');
    this.smtp ??= createSmtpTransport({ host: smtp.host, port: smtp.port, user: sharedMailbox, password: sharedMailboxPassword });
    return this.smtp;
  }

  sharedMailboxAccount(): { host: string; port: number; user: string; password: string } {
    const { imap, sharedMailbox, sharedMailboxPassword } = this.settings.mail;
    if (!imap || !sharedMailboxPassword) throw new ConfigError('config error: mail.imap: IMAP_HOST, IMAP_PORT and SHARED_MAILBOX_PASSWORD are required to read the shared mailbox');
    return { host: imap.host, port: imap.port, user: sharedMailbox, password: sharedMailboxPassword };
  }

  /**
   * Idempotent; runs every step, and each step gets a bounded time: with Redis gone, the queues' close
   * and QUIT would wait for an answer that never comes, so the socket is dropped instead.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await settleWithin(this.queues.close(), QUEUES_CLOSE_TIMEOUT_MS);
      this.smtp?.close();
      if (!(await settleWithin(this.redis.quit(), REDIS_QUIT_TIMEOUT_MS))) this.redis.disconnect();
    })();
    return this.closing;
  }
}
