import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import type { Settings } from '../../../config/settings-schema.ts';
import { loadSettings } from '../../../core/config/load-settings.ts';
import type { Mailbox, StackInfo } from '../../../fixtures/local-stack/index.ts';

/** A mailbox of this test's own at the stack's sandbox domain, so parallel files never share mail. */
export function sandboxMailbox(stack: StackInfo, name: string): Mailbox {
  return { address: `${name}-${randomUUID().slice(0, 8)}@${stack.sandbox.domain}`, password: stack.sandbox.password };
}

/** Settings as an operator would give them (environment over config/orderdesk.yaml), with a test-only prefix. */
export function testSettings(stack: StackInfo, sharedMailbox: Mailbox, env: Record<string, string> = {}): Settings {
  return loadSettings({
    env: {
      REDIS_URL: stack.redis.url,
      ORDERDESK_REDIS_PREFIX: `test-${randomUUID().slice(0, 8)}`,
      CRM_URL: stack.crm.url,
      CRM_USER: stack.crm.user,
      CRM_PASSWORD: stack.crm.password,
      IMAP_HOST: stack.imap.host,
      IMAP_PORT: String(stack.imap.port),
      SMTP_HOST: stack.smtp.host,
      SMTP_PORT: String(stack.smtp.port),
      SHARED_MAILBOX: sharedMailbox.address,
      SHARED_MAILBOX_PASSWORD: sharedMailbox.password,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
}

export interface FoundMessage {
  uid: number;
  source: string;
  flags: Set<string>;
}

/** Reads a folder of a mailbox over IMAP (a fresh connection each time, like a person's mail client). */
export async function readFolder(stack: StackInfo, box: Mailbox, folder = 'INBOX'): Promise<FoundMessage[]> {
  const client = new ImapFlow({ host: stack.imap.host, port: stack.imap.port, secure: false, auth: { user: box.address, pass: box.password }, logger: false });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const found: FoundMessage[] = [];
      if ((client.mailbox && client.mailbox.exists) === 0) return found;
      for await (const message of client.fetch('1:*', { uid: true, source: true, flags: true })) {
        found.push({ uid: message.uid, source: message.source?.toString('utf8') ?? '', flags: message.flags ?? new Set() });
      }
      return found;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Polls until `check` returns a value (not undefined), or fails after timeoutMs with `what` in the message. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
