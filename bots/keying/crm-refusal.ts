/**
 * A CRM's refusal as one line for the person who will look at the order (the ledger's status note and
 * the submitter's summary): the CRM's own messages, in its words.
 */
export function refusalMessage(messages: readonly string[]): string {
  return messages.map((m) => m.trim()).filter(Boolean).join('; ') || 'The CRM refused the order without a message';
}
