/** The plus-address our requests put in Reply-To: `orders+apv-<token>@firm`. */
const TOKEN_ADDRESS = /\+apv-([0-9a-z]+)@/i;
/** Our decision mails' Message-IDs name the order: `<approval-request-o-1a2b…-L2-…@orderdesk.firm>`. */
const DECISION_MESSAGE_ID = /<approval-(?:request|resend|reminder|escalation)-(o-[0-9a-f]+)-L\d+/i;
/** Our subjects carry the order reference in brackets: `审批 Approval 1/3 [SO-2026-0001] …`. */
const SUBJECT_REF = /\[([^\][]{1,64})\]/;

/** The token of a reply: from the address it was sent to, else from our header if the client kept it. */
export function replyToken(recipients: readonly string[], tokenHeader: string | undefined): string | undefined {
  for (const address of recipients) {
    const match = TOKEN_ADDRESS.exec(address);
    if (match?.[1]) return match[1].toLowerCase();
  }
  const header = tokenHeader?.trim().toLowerCase();
  return header ? header : undefined;
}

/**
 * Which order a reply is about when its token does not tell (unknown, forged): the request it answers
 * (In-Reply-To / References), else the reference in its subject. Only used to file the security event
 * under the right order; it never makes a reply count.
 */
export function orderHint(references: readonly string[], subject: string): { orderId?: string; externalRef?: string } {
  for (const reference of references) {
    const match = DECISION_MESSAGE_ID.exec(reference);
    if (match?.[1]) return { orderId: match[1].toLowerCase() };
  }
  const ref = SUBJECT_REF.exec(subject)?.[1]?.trim();
  return ref ? { externalRef: ref } : {};
}
