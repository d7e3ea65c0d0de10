import { ErrorCode } from '../../core/errors/error-codes.ts';
import type { BrowserPool, BrowserSlot } from '../../core/browser/browser-pool.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import { isClosedError } from '../../selectors/playwright-errors.ts';
import { describeTrouble, type CrmAnswer, type CrmClerk, type CrmTarget, type CrmTrouble } from '../../selectors/crm-target.ts';
import { refusalMessage } from './crm-refusal.ts';
import type { OrderToKey } from '../../selectors/contract/order-to-key.ts';

/**
 * Rounds of "search, then key" one attempt may make before it gives up and lets the queue retry with
 * backoff. A round ends early on a lost session, an error page or no answer; each new round searches
 * first, so an order whose confirm was lost is found rather than keyed again.
 */
export const MAX_ROUNDS_PER_ATTEMPT = 6;
/**
 * Lost sessions are expected (the CRM expires them) and cured by logging in again, so they have their
 * own, larger allowance and do not use up the rounds meant for real trouble.
 */
export const MAX_SESSION_RENEWALS_PER_ATTEMPT = 12;
/** Pause between rounds, times the round number: long enough for a recycled app pool, short for a 500. */
const ROUND_PAUSE_MS = 250;
/** A search that came back as an error page or not at all is made again this many times (a search changes nothing). */
const SEARCH_RETRIES = 3;

export type KeyedHow = 'created' | 'found_before_create' | 'found_after_unknown_outcome' | 'duplicate_reference';

export type KeyingResult =
  | { kind: 'keyed'; crmOrderNo: string; how: KeyedHow; rounds: number }
  | { kind: 'refused'; message: string; rounds: number };

/** Hooks around the work on one browser context: the caller records traces and failure artifacts here. */
export interface SlotHooks<T> {
  before?(slot: BrowserSlot): Promise<void>;
  /** Called with the outcome (result or error) before the context goes back to the pool. */
  after?(slot: BrowserSlot, outcome: { result?: T; error?: unknown }): Promise<void>;
}

/**
 * Keys one order into the configured CRM through its screens (a target's clerk), exactly once: search by external
 * reference before creating, read the number the CRM gives, and after any unknown outcome search again
 * before keying again. Business refusals come back as results; system trouble is thrown (retryable).
 */
export class CrmKeyer {
  /** `attemptBudgetMs`: how long one attempt may hold its browser context before it is stopped. */
  constructor(
    private readonly pool: BrowserPool,
    private readonly target: CrmTarget,
    private readonly attemptBudgetMs: number,
  ) {}

  async key(order: OrderToKey, hooks: SlotHooks<KeyingResult> = {}): Promise<KeyingResult> {
    return this.pool.withSlot(async (slot) => {
      // A browser call that never returns would hold the order in `keying` and its context for good (a
      // CI soak saw one job stay active for minutes). Past the budget the context is closed, which fails
      // whatever hung; the job's retry searches the CRM before keying again, so nothing is keyed twice.
      let stopped = false;
      const watchdog = setTimeout(() => {
        stopped = true;
        void slot.context.close().catch(() => undefined);
      }, this.attemptBudgetMs);
      let result: KeyingResult | undefined;
      try {
        await hooks.before?.(slot);
        result = await this.keyInSlot(this.target.clerkFor(slot), order);
        return result;
      } catch (error) {
        const wrapped = stopped
          ? new OrderDeskError('keying_stalled', `the attempt was stopped after ${Math.round(this.attemptBudgetMs / 1000)} s without an outcome (${firstLine(error)})`, { cause: error })
          : isClosedError(error)
            ? new OrderDeskError(ErrorCode.browserLost, `the browser went away while keying: ${firstLine(error)}`, { cause: error })
            : error;
        await hooks.after?.(slot, { error: wrapped }).catch(() => undefined);
        throw wrapped;
      } finally {
        if (result !== undefined) await hooks.after?.(slot, { result }).catch(() => undefined);
        clearTimeout(watchdog);
      }
    });
  }

  private async keyInSlot(clerk: CrmClerk, order: OrderToKey): Promise<KeyingResult> {
    let lastTrouble = 'no round ran';
    let mayExistBefore = false;
    // Search before the first try and again after every unknown outcome; an interruption before the
    // order could be saved cannot have created it (this job holds its lock), so it needs no search.
    let mustSearch = true;
    let troubledRounds = 0;
    let renewals = 0;
    for (let round = 1; troubledRounds < MAX_ROUNDS_PER_ATTEMPT && renewals <= MAX_SESSION_RENEWALS_PER_ATTEMPT; round++) {
      if (troubledRounds > 0) await sleep(ROUND_PAUSE_MS * troubledRounds);
      try {
        await clerk.ensureSignedIn();
      } catch (error) {
        if (!(error instanceof OrderDeskError) || error.code !== ErrorCode.crmUnavailable) throw error;
        lastTrouble = error.message;
        troubledRounds += 1;
        continue;
      }

      if (mustSearch) {
        const search = await retrySearch(() => clerk.findOrder(order.externalRef));
        // The CRM refusing what a search for this order needs (finishing a half-saved order of an earlier
        // attempt, say) is a refusal of the order, for a person to look at.
        if (search.kind === 'refused') return { kind: 'refused', message: refusalMessage(search.messages), rounds: round };
        if (search.kind !== 'done') {
          lastTrouble = troubleDuring(clerk, search, 'order search');
          if (search.kind === 'session_expired') renewals += 1;
          else troubledRounds += 1;
          continue;
        }
        if (search.value !== undefined) {
          return { kind: 'keyed', crmOrderNo: search.value, how: mayExistBefore ? 'found_after_unknown_outcome' : 'found_before_create', rounds: round };
        }
        mustSearch = false;
      }

      const entered = await clerk.enterOrder(order);
      if (entered.kind === 'created') return { kind: 'keyed', crmOrderNo: entered.crmOrderNo, how: 'created', rounds: round };
      if (entered.kind === 'already_there') return { kind: 'keyed', crmOrderNo: entered.crmOrderNo, how: 'duplicate_reference', rounds: round };
      if (entered.kind === 'refused') return { kind: 'refused', message: refusalMessage(entered.messages), rounds: round };
      mayExistBefore ||= entered.mayExist;
      mustSearch = entered.mayExist;
      lastTrouble = troubleDuring(clerk, entered.trouble, entered.mayExist ? 'confirm (outcome unknown)' : 'order entry');
      if (entered.trouble.kind === 'session_expired') renewals += 1;
      else troubledRounds += 1;
    }
    throw new OrderDeskError(ErrorCode.crmUnavailable, `gave up after ${troubledRounds} troubled rounds and ${renewals} session renewals: ${lastTrouble}`);
  }
}

/**
 * What trouble happened, for the give-up message. A lost session is only noted here: signing in again
 * happens at the start of the next round, where its own trouble counts as a troubled round.
 */
function troubleDuring(clerk: CrmClerk, trouble: CrmTrouble, during: string): string {
  if (trouble.kind === 'session_expired') clerk.sessionEnded();
  return `${describeTrouble(trouble)} during ${during}`;
}

async function retrySearch<T>(search: () => Promise<CrmAnswer<T>>): Promise<CrmAnswer<T>> {
  let answer = await search();
  for (let i = 0; i < SEARCH_RETRIES && (answer.kind === 'crm_error' || answer.kind === 'no_response'); i++) answer = await search();
  return answer;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
