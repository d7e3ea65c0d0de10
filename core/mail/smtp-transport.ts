import { createTransport, type Transporter } from 'nodemailer';

/** Pooled: receipts for a busy morning go out over a few kept-open connections, not one per mail. */
const SMTP_POOL_CONNECTIONS = 3;
const SMTP_TIMEOUT_MS = 30_000;

export function createSmtpTransport(options: { host: string; port: number; user: string; password: string }): Transporter {
  return createTransport({
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
    host: options.host,
    port: options.port,
    secure: false,
    // The relay is on loopback in the local stack; a production relay would offer STARTTLS and nodemailer uses it.
    ignoreTLS: options.host === '127.0.0.1' || options.host === 'localhost',
    auth: { user: options.user, pass: options.password },
    connectionTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
}
