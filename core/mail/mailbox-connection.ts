import { ImapFlow } from 'imapflow';
import type { Logger } from '../logging/logger.ts';

/** Waits between reconnection attempts grow to this cap, so a restarting Dovecot is not hammered. */
const RECONNECT_MAX_DELAY_MS = 10_000;
const RECONNECT_FIRST_DELAY_MS = 250;
/** Restart IDLE every few minutes: some servers and middleboxes drop IDLE connections silently. */
const IDLE_RESTART_MS = 5 * 60_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** imapflow waits 15 s of quiet before entering IDLE; a watcher should be listening almost at once. */
const WATCH_AUTO_IDLE_DELAY_MS = 500;

export interface MailboxAccount {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface MailboxConnectionOptions {
  account: MailboxAccount;
  log: Logger;
  /** When set, the connection keeps INBOX open in IDLE and calls this on every new message. */
  onNewMail?: () => void;
}

/**
 * One IMAP connection we own end to end. imapflow does not reconnect by itself, so after the server
 * drops us (a Dovecot restart) we build a new client with growing back-off; an `error` listener is
 * always attached so a socket error can never crash the process.
 */
export class MailboxConnection {
  private client: ImapFlow | undefined;
  private connecting: Promise<ImapFlow> | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = RECONNECT_FIRST_DELAY_MS;
  private closed = false;

  constructor(private readonly options: MailboxConnectionOptions) {}

  /** Connects (or returns the live client); rejects if the server does not answer. */
  connect(): Promise<ImapFlow> {
    if (this.closed) return Promise.reject(new Error('mailbox connection is closed'));
    if (this.client?.usable) return Promise.resolve(this.client);
    this.connecting ??= this.openClient().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async openClient(): Promise<ImapFlow> {
    const { account, log, onNewMail } = this.options;
    const client = new ImapFlow({
      host: account.host,
      port: account.port,
      secure: false,
      // Loopback in the local stack; a production server offers STARTTLS and imapflow uses it.
      doSTARTTLS: account.host === '127.0.0.1' || account.host === 'localhost' ? false : undefined,
      auth: { user: account.user, pass: account.password },
      logger: false,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      maxIdleTime: IDLE_RESTART_MS,
      ...(onNewMail ? { autoIdleDelay: WATCH_AUTO_IDLE_DELAY_MS } : {}),
    });
    client.on('error', (error: Error) => log.warn({ err: error.message, mailbox: account.user }, 'IMAP connection error'));
    client.on('close', () => {
      if (this.client === client) this.client = undefined;
      if (!this.closed && onNewMail) this.scheduleReconnect();
    });
    if (onNewMail) client.on('exists', () => onNewMail());
    await client.connect();
    if (onNewMail) await client.mailboxOpen('INBOX');
    this.client = client;
    this.reconnectDelay = RECONNECT_FIRST_DELAY_MS;
    return client;
  }

  /** A watching connection reconnects by itself; the first scan after it catches up on missed mail. */
  private scheduleReconnect(): void {
    if (this.reconnectTimer || this.closed) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_DELAY_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().then(
        () => {
          this.options.log.info({ mailbox: this.options.account.user }, 'IMAP reconnected');
          this.options.onNewMail?.();
        },
        () => this.scheduleReconnect(),
      );
    }, delay);
  }

  /**
   * Runs `work` with `path` selected and locked; the lock is released whatever happens. A server shows a
   * session only the messages it has announced to it, so a mailbox that stayed selected is refreshed
   * with NOOP first: otherwise a UID delivered since is invisible to FETCH.
   */
  async withMailbox<T>(path: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const alreadySelected = client.mailbox && client.mailbox.path === path;
    const lock = await client.getMailboxLock(path);
    try {
      if (alreadySelected) await client.noop();
      return await work(client);
    } finally {
      lock.release();
    }
  }

  /** Creates folders the bots move mail into; an existing folder is fine. */
  async ensureFolders(paths: string[]): Promise<void> {
    const client = await this.connect();
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const path of paths) if (!existing.has(path)) await client.mailboxCreate(path);
  }

  /** Idempotent; logs out politely if it can, and always drops the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    if (!client) return;
    try {
      await Promise.race([client.logout(), new Promise((r) => setTimeout(r, 2_000))]);
    } catch {
      // the server may already be gone; closing the socket below is what matters
    } finally {
      client.close();
    }
  }
}
