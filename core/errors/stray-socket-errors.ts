import type { Logger } from '../logging/logger.ts';

/** Network codes that mean "the other side went away": the owner of the connection reconnects. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'NoConnection']);

export function isStraySocketError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code, _connId: imapConnection, responseStatus } = error as Error & { code?: string; _connId?: string; responseStatus?: string };
  // imapflow tags its errors with the connection id; a few of them can escape its 'error' event when
  // the server drops the socket mid-command (seen on every Dovecot restart in the soak). A command the
  // server answered NO/BAD while going down ("Command failed", with the IMAP response status) escaped
  // the same way in a CI soak: nobody awaited it, and the mailbox's owner reconnects anyway.
  const imapCommandFailure = responseStatus !== undefined && error.message === 'Command failed';
  return imapConnection !== undefined || imapCommandFailure || (code !== undefined && TRANSIENT_CODES.has(code));
}

/**
 * A long-running OrderDesk process must not die because a library let a dropped socket escape as an
 * uncaught error: the connection's owner already reconnects, and jobs in flight are retried. Anything
 * else is a real bug: it is logged and the process exits non-zero, for its supervisor to restart.
 */
export function survivingStraySocketErrors(log: Logger): void {
  const handle = (kind: string) => (error: unknown) => {
    if (isStraySocketError(error)) {
      log.warn({ err: (error as Error).message, code: (error as { code?: string }).code }, `${kind}: a dropped connection escaped its owner; carrying on`);
      return;
    }
    log.fatal({ err: error instanceof Error ? error.stack : String(error) }, `${kind}: stopping`);
    process.exit(1);
  };
  process.on('uncaughtException', handle('uncaught exception'));
  process.on('unhandledRejection', handle('unhandled rejection'));
}
