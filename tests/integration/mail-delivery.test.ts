import { randomUUID } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import { describe, expect, inject, it } from 'vitest';
import type { Mailbox } from '../../fixtures/local-stack/index.ts';

const stack = inject('stack');

function sender(box: Mailbox) {
  return createTransport({
    host: stack.smtp.host,
    port: stack.smtp.port,
    secure: false,
    ignoreTLS: true,
    auth: { user: box.address, pass: box.password },
  });
}

/** Looks the message up by Message-ID in a mailbox's INBOX over IMAP and returns its raw source. */
async function findInInbox(box: Mailbox, messageId: string): Promise<string | undefined> {
  const client = new ImapFlow({
    host: stack.imap.host,
    port: stack.imap.port,
    secure: false,
    auth: { user: box.address, pass: box.password },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  try {
    const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
    if (!uids || uids.length === 0) return undefined;
    const message = await client.fetchOne(String(uids[0]), { source: true }, { uid: true });
    return message ? message.source?.toString('utf8') : undefined;
  } finally {
    lock.release();
    await client.logout();
  }
}

function newMessageId(): string {
  return `<${randomUUID()}@test.acme-finance.example>`;
}

describe('mail through the local SMTP relay and Dovecot', () => {
  it('delivers a message from a submitter to the shared mailbox, readable over IMAP, marked dmarc=pass', async () => {
    const messageId = newMessageId();
    await sender(stack.mailboxes.sales).sendMail({
      from: stack.mailboxes.sales.address,
      to: stack.mailboxes.orders.address,
      subject: 'Order sheet 2026-11-23',
      text: 'Sheet attached.',
      messageId,
    });
    const source = await findInInbox(stack.mailboxes.orders, messageId);
    expect(source).toBeDefined();
    expect(source).toContain('Subject: Order sheet 2026-11-23');
    expect(source).toMatch(/Authentication-Results: mx\.acme-finance\.example;.*dmarc=pass/);
  });

  it('delivers a plus-address (approval reply token) to the base mailbox', async () => {
    const messageId = newMessageId();
    await sender(stack.mailboxes['sales.manager']).sendMail({
      from: stack.mailboxes['sales.manager'].address,
      to: 'orders+apv-abc123@acme-finance.example',
      subject: 'Re: approval',
      text: 'APPROVE',
      messageId,
    });
    const source = await findInInbox(stack.mailboxes.orders, messageId);
    expect(source).toContain('orders+apv-abc123@acme-finance.example');
  });

  it('delivers any address at the customers domain to the catch-all mailbox', async () => {
    const messageId = newMessageId();
    await sender(stack.mailboxes.finance).sendMail({
      from: stack.mailboxes.finance.address,
      to: 'c000123@customers.example',
      subject: 'Payment reminder',
      text: 'Dear customer',
      messageId,
    });
    const source = await findInInbox(stack.mailboxes.customers, messageId);
    expect(source).toContain('To: c000123@customers.example');
  });

  it('stamps dmarc=fail when the From header is not the authenticated user', async () => {
    const messageId = newMessageId();
    await sender(stack.mailboxes.sales).sendMail({
      from: stack.mailboxes['sales.manager'].address,
      to: stack.mailboxes.orders.address,
      subject: 'Re: forged approval',
      text: 'APPROVE',
      messageId,
    });
    const source = await findInInbox(stack.mailboxes.orders, messageId);
    expect(source).toMatch(/dmarc=fail/);
  });

  it('creates sandbox mailboxes on first use, and keeps the sandbox password away from known users', async () => {
    const box = { address: `t-${randomUUID().slice(0, 8)}@${stack.sandbox.domain}`, password: stack.sandbox.password };
    const messageId = newMessageId();
    await sender(box).sendMail({ from: box.address, to: box.address, subject: 'sandbox', text: 'hello', messageId });
    expect(await findInInbox(box, messageId)).toMatch(/dmarc=pass/);
    await expect(findInInbox({ address: stack.mailboxes.orders.address, password: stack.sandbox.password }, messageId)).rejects.toThrow();
  });

  it('refuses mail without authentication, to unknown firm users, and to other domains', async () => {
    const anonymous = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true });
    await expect(
      anonymous.sendMail({ from: 'x@acme-finance.example', to: stack.mailboxes.orders.address, text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 530 });
    await expect(
      sender(stack.mailboxes.sales).sendMail({ from: stack.mailboxes.sales.address, to: 'nobody@acme-finance.example', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      sender(stack.mailboxes.sales).sendMail({ from: stack.mailboxes.sales.address, to: 'someone@elsewhere.example', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      createTransport({
        host: stack.smtp.host,
        port: stack.smtp.port,
        secure: false,
        ignoreTLS: true,
        auth: { user: stack.mailboxes.sales.address, pass: 'wrong' },
      }).sendMail({ from: stack.mailboxes.sales.address, to: stack.mailboxes.orders.address, text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 535 });
  });
});
