/** What an approver's reply says, read from its first lines above the quoted request. */
export type ReadDecision = { kind: 'approve' | 'reject'; comment: string } | { kind: 'unreadable' };

/** Longer comments are cut: the ledger keeps a reason, not a letter. */
const MAX_COMMENT_CHARS = 500;
/** Greeting lines skipped before the decision ("Hi,", "您好：") — at most this many. */
const MAX_GREETING_LINES = 2;

/** Lines where the quoted request (or a forwarded copy) begins, in the clients approvers use. */
const QUOTE_STARTS: readonly RegExp[] = [
  /^\s*>/,
  /wrote:\s*$/i,
  /写道\s*[:：]?\s*$/,
  /^\s*-{2,}\s*(original message|forwarded message|原始邮件|转发邮件)/i,
  /^\s*(from|sent|发件人|寄件者|发送时间)\s*[:：]/i,
  /^\s*_{10,}\s*$/,
];
/** Lines where a signature begins. */
const SIGNATURE_STARTS: readonly RegExp[] = [/^--\s*$/, /^\s*(sent from|get outlook for)\b/i, /^\s*(发自|来自)我的/];
const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon)|您好|你好|各位|尊敬的)/i;
/** A greeting is skipped only when short and free of any decision word ("Dear all, I reject" is not a greeting). */
const MAX_GREETING_CHARS = 40;
const ANY_DECISION_WORD = /approve|reject|\bok\b|同意|批准|拒绝/i;

function isGreeting(line: string): boolean {
  return line.length <= MAX_GREETING_CHARS && GREETING.test(line) && !ANY_DECISION_WORD.test(line);
}

/** REJECT before APPROVE: "不同意" contains "同意". The keyword must not run on into a word ("OKAY", "Approval"). */
const REJECT = /^(rejected|reject|不同意|不批准|拒绝)(?![a-z])/i;
const APPROVE = /^(approved|approve|ok|同意|批准)(?![a-z])/i;
/** "APPROVE or REJECT" copied from the request is not a decision. */
const BOTH_OFFERED = /^(or|\/|或者?)\s*(approve|reject|同意|拒绝)/i;
const LEADING_SEPARATORS = /^[\s:：,，.。;；!！*_\-–—]+/;

function cleanLine(line: string): string {
  // Full-width letters and punctuation to ASCII; bold markers some clients add around a word.
  return line.normalize('NFKC').replace(/^[\s*_]+|[\s*_]+$/g, '');
}

/** The reply's own lines: everything above the quoted text and the signature. */
export function ownLines(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (QUOTE_STARTS.some((p) => p.test(raw))) {
      // Gmail wraps "On <date> <name> <address> wrote:" over two lines; drop the first half too.
      if (/wrote:\s*$/i.test(raw) && /^\s*on\s/i.test(lines.at(-1) ?? '')) lines.pop();
      break;
    }
    if (SIGNATURE_STARTS.some((p) => p.test(raw))) break;
    lines.push(raw);
  }
  return lines;
}

/**
 * Reads the decision: the first line of the reply's own text (after at most two greeting lines) must
 * start with APPROVE / APPROVED / OK / 同意 / 批准 or REJECT / REJECTED / 拒绝 / 不同意; the rest of that line
 * is the comment. Anything else is unreadable, and the approver is asked again: guessing a decision
 * from free text would be worse than asking.
 */
export function readDecision(text: string): ReadDecision {
  const lines = ownLines(text).map(cleanLine).filter((line) => line !== '');
  let index = 0;
  while (index < MAX_GREETING_LINES && index < lines.length - 1 && isGreeting(lines[index] ?? '')) index++;
  const line = lines[index];
  if (line === undefined) return { kind: 'unreadable' };
  const match = REJECT.exec(line) ?? APPROVE.exec(line);
  if (!match) return { kind: 'unreadable' };
  const kind = REJECT.test(line) ? 'reject' : 'approve';
  const rest = line.slice(match[0].length);
  const comment = rest.replace(LEADING_SEPARATORS, '').trim();
  if (BOTH_OFFERED.test(comment)) return { kind: 'unreadable' };
  return { kind, comment: comment.slice(0, MAX_COMMENT_CHARS) };
}
