import type { MailboxConnection } from './mailbox-connection.ts';

/**
 * Looks for messages by Message-ID in a mailbox folder: how a sender that keeps a copy of what it sent
 * (the dunning mailbox) learns whether a send whose outcome was lost actually went out.
 */
export class MessageIdSearch {
  constructor(
    private readonly mailbox: MailboxConnection,
    private readonly folder = 'INBOX',
  ) {}

  /** Whether a message with exactly this Message-ID is in the folder. */
  has(messageId: string): Promise<boolean> {
    return this.mailbox.withMailbox(this.folder, async (client) => {
      const found = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      return Array.isArray(found) && found.length > 0;
    });
  }

  /** The Message-IDs in the folder that contain `fragment` (IMAP header search is a substring match). */
  matching(fragment: string): Promise<Set<string>> {
    return this.mailbox.withMailbox(this.folder, async (client) => {
      const ids = new Set<string>();
      const found = await client.search({ header: { 'message-id': fragment } }, { uid: true });
      if (!Array.isArray(found) || found.length === 0) return ids;
      for await (const message of client.fetch(found, { envelope: true }, { uid: true })) {
        if (message.envelope?.messageId) ids.add(message.envelope.messageId);
      }
      return ids;
    });
  }
}
