import { shippedDecisionKeywords, type DecisionKeywords } from './decision-keywords.ts';
import { ownLines } from './own-text.ts';

/** What an approver's reply says, read from the first line of their own text. */
export type ReadDecision = { kind: 'approve' | 'reject'; comment: string } | { kind: 'unreadable' };

/** Longer comments are cut: the ledger keeps a reason, not a letter. */
const MAX_COMMENT_CHARS = 500;
/** Greeting lines skipped before the decision ("Hi,", "您好：") — at most this many. */
const MAX_GREETING_LINES = 2;
const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon)|您好|你好|各位|尊敬的)/i;
/** A greeting is skipped only when short and free of any decision word ("Dear all, I reject" is not a greeting). */
const MAX_GREETING_CHARS = 40;
/**
 * What may follow a keyword for it to stand as a whole word: the end of the line or a separator. A
 * letter, digit or CJK character (同意书, 同意吗, OK吗, OKAY) or a question mark (OK?, approve?) may not.
 */
const RUNS_ON = /^(?:[\p{L}\p{N}\p{M}]|\s*\?)/u;
const LEADING_SEPARATORS = /^[\s:,.;!*_/、。~\-–—]+/u;
/** "APPROVE or REJECT" copied from the request is not a decision. */
const OFFERED_CHOICE = /^(?:or|或者?|还是|\/)(?![\p{L}\p{N}])/iu;

function cleanLine(line: string): string {
  // Full-width letters and punctuation to ASCII (：→:, ？→?, ＯＫ→OK); bold markers some clients add.
  return line.normalize('NFKC').replace(/^[\s*_]+|\s+$/g, '');
}

function isGreeting(line: string, keywords: DecisionKeywords): boolean {
  const lower = line.toLowerCase();
  const decisionWord = [...keywords.approve, ...keywords.reject].some((k) => lower.includes(k));
  return line.length <= MAX_GREETING_CHARS && GREETING.test(line) && !decisionWord;
}

/** The keyword `line` starts with as a whole word, if any (longest first: 不同意 before 同意). */
function leadingWord(line: string, words: readonly string[]): string | undefined {
  const lower = line.toLowerCase();
  return words.find((word) => lower.startsWith(word) && !RUNS_ON.test(line.slice(word.length)));
}

/**
 * The comment opens with a negation standing as a word of its own ("OK not yet", "同意，不，再等等"): not a
 * clear approval. Only whole words count: 没问题 ("no problem") opens with 没 and is a fine comment.
 */
function startsNegated(comment: string, keywords: DecisionKeywords): boolean {
  return leadingWord(comment, keywords.negations) !== undefined;
}

/**
 * Reads the decision: the first line of the reply's own text (after at most two greeting lines) must
 * start with a keyword of config/approval-keywords.yaml standing as a whole word; the rest of that line,
 * after a separator, is the comment. Anything else is unreadable and the approver is asked again:
 * guessing a decision from free text would be worse than asking.
 */
export function readDecision(text: string, keywords: DecisionKeywords = shippedDecisionKeywords()): ReadDecision {
  const lines = ownLines(text).map(cleanLine).filter((line) => line !== '');
  let index = 0;
  while (index < MAX_GREETING_LINES && index < lines.length - 1 && isGreeting(lines[index] ?? '', keywords)) index++;
  const line = lines[index];
  if (line === undefined) return { kind: 'unreadable' };
  const reject = leadingWord(line, keywords.reject);
  const approve = reject === undefined ? leadingWord(line, keywords.approve) : undefined;
  const word = reject ?? approve;
  if (word === undefined) return { kind: 'unreadable' };
  const comment = line.slice(word.length).replace(LEADING_SEPARATORS, '').trim();
  if (OFFERED_CHOICE.test(comment)) return { kind: 'unreadable' };
  // Whatever the keyword, a comment that opens with the other decision is no decision ("APPROVE REJECT").
  if (leadingWord(comment, reject ? keywords.approve : keywords.reject) !== undefined) return { kind: 'unreadable' };
  if (approve !== undefined && startsNegated(comment, keywords)) return { kind: 'unreadable' };
  return { kind: reject ? 'reject' : 'approve', comment: comment.slice(0, MAX_COMMENT_CHARS) };
}
