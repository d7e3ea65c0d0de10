import type { ImapFlow } from 'imapflow';

/** Where a job last saw a message: the mailbox's UIDVALIDITY and UID then, and its Message-ID. */
export interface MessagePlace {
  uidValidity: string;
  uid: number;
  messageId?: string;
}

/**
 * The message's UID now, in the mailbox `client` has open: the one seen before, or found again by
 * Message-ID after a UIDVALIDITY change (the server renumbered the mailbox). Undefined when it is gone.
 */
export async function currentUid(client: ImapFlow, place: MessagePlace): Promise<number | undefined> {
  const sameMailbox = client.mailbox && String(client.mailbox.uidValidity) === place.uidValidity;
  const found = sameMailbox
    ? await client.search({ uid: String(place.uid) }, { uid: true })
    : place.messageId
      ? await client.search({ header: { 'message-id': place.messageId } }, { uid: true })
      : [];
  return Array.isArray(found) ? found[0] : undefined;
}
