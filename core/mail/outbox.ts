import type { Redis } from 'ioredis';
import type { Transporter } from 'nodemailer';
import { messageIdFor, type OutgoingMail } from './outgoing-mail.ts';

export type OutboxStatus = 'staged' | 'sent';

/**
 * Every e-mail goes through here: staged in Redis under its business key, then sent by the mail queue's
 * worker, which marks it sent right after the SMTP server accepts it. A retry of a sent mail is a no-op.
 */
export class Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly domain: string,
  ) {}

  private key(mailId: string): string {
    return `${this.prefix}:outbox:${mailId}`;
  }

  /** Stores the mail once; staging the same id again keeps the first version (idempotent retries). */
  async stage(mail: OutgoingMail): Promise<string> {
    await this.redis.hsetnx(this.key(mail.id), 'mail', JSON.stringify(mail));
    await this.redis.hsetnx(this.key(mail.id), 'status', 'staged');
    return mail.id;
  }

  async status(mailId: string): Promise<OutboxStatus | undefined> {
    return ((await this.redis.hget(this.key(mailId), 'status')) as OutboxStatus | null) ?? undefined;
  }

  async staged(mailId: string): Promise<OutgoingMail | undefined> {
    const raw = await this.redis.hget(this.key(mailId), 'mail');
    return raw ? (JSON.parse(raw) as OutgoingMail) : undefined;
  }

  /**
   * Sends a staged mail unless it was sent already. Returns whether this call sent it. `deliveredAlready`
   * closes the last gap: a crash after the SMTP server accepted the mail but before it was marked sent.
   * Given a way to look the Message-ID up where a copy lands, a resend is avoided.
   */
  async send(mailId: string, transport: Transporter, options: { deliveredAlready?: (messageId: string) => Promise<boolean> } = {}): Promise<boolean> {
    if ((await this.status(mailId)) === 'sent') return false;
    const mail = await this.staged(mailId);
    if (!mail) throw new Error(`outbox: no staged mail ${mailId}`);
    const messageId = messageIdFor(mail.id, this.domain);
    if (options.deliveredAlready && (await options.deliveredAlready(messageId))) {
      await this.redis.hset(this.key(mailId), 'status', 'sent', 'sentAt', new Date().toISOString(), 'messageId', messageId, 'recoveredFromCopy', 'yes');
      return false;
    }
    const info = (await transport.sendMail({
      messageId,
      from: mail.from,
      to: mail.to,
      cc: mail.cc,
      bcc: mail.bcc,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      headers: mail.headers,
      attachments: mail.attachments?.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, 'base64'),
        ...(a.cid ? { cid: a.cid } : {}),
      })),
    })) as { messageId: string; accepted: unknown[] };
    await this.redis.hset(this.key(mailId), 'status', 'sent', 'sentAt', new Date().toISOString(), 'messageId', info.messageId);
    return true;
  }
}
