/**
 * What a CRM validation message means for keying. Most are the order's own problem (blocked customer,
 * amount over the product limit) and go to a person; one says the order is already in the CRM, which
 * for an exactly-once keyer is success, not failure.
 */
export type RefusalMeaning = { kind: 'already_in_crm'; crmOrderNo: string } | { kind: 'business'; message: string };

const DUPLICATE_REFERENCE = /An order with external reference (.+?) already exists: (SO-\d{4}-\d{6})/;

export function readRefusal(messages: readonly string[], externalRef: string): RefusalMeaning {
  for (const message of messages) {
    const m = DUPLICATE_REFERENCE.exec(message);
    if (m && (m[1] ?? '').trim().toUpperCase() === externalRef.trim().toUpperCase() && m[2]) {
      return { kind: 'already_in_crm', crmOrderNo: m[2] };
    }
  }
  return { kind: 'business', message: messages.map((m) => m.trim()).filter(Boolean).join('; ') || 'The CRM refused the order without a message' };
}
