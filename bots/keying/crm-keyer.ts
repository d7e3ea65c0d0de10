import type { BrowserPool, BrowserSlot } from '../../core/browser/browser-pool.ts';
import type { SessionCookies, SharedSession } from '../../core/browser/shared-session.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import {
  AcmeTab,
  HomePage,
  LoginPage,
  OrderEntryPage,
  OrderSearchPage,
  isClosedError,
  type AcmeScreenName,
  type Interruption,
  type OrderEntryInput,
  type ScreenOutcome,
} from '../../selectors/acme-suite/index.ts';
import { readRefusal } from './crm-refusal.ts';
import { notesFor, valueDateFor, type OrderToKey } from './order-to-key.ts';

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
/**
 * A screen that came back as an error page or not at all is tried again this many times before the
 * round is given up: a GET is simply reopened, a step of the order form (nothing created yet) is
 * re-posted from the step page the browser's Back button fetches again. Confirm is never re-pressed.
 */
const SCREEN_RETRIES = 3;
/** The CRM's business date is re-read this often (it moves at midnight, the session may live longer). */
const BUSINESS_DATE_TTL_MS = 10 * 60_000;

export type KeyedHow = 'created' | 'found_before_create' | 'found_after_unknown_outcome' | 'duplicate_reference';

export type KeyingResult =
  | { kind: 'keyed'; crmOrderNo: string; how: KeyedHow; rounds: number }
  | { kind: 'refused'; message: string; rounds: number };

export interface CrmAccount {
  url: string;
  user: string;
  password: string;
}

/** Hooks around the work on one browser context: the caller records traces and failure artifacts here. */
export interface SlotHooks<T> {
  before?(slot: BrowserSlot): Promise<void>;
  /** Called with the outcome (result or error) before the context goes back to the pool. */
  after?(slot: BrowserSlot, outcome: { result?: T; error?: unknown }): Promise<void>;
}

type EntryOutcome =
  | { kind: 'created'; crmOrderNo: string }
  | { kind: 'refused'; messages: string[] }
  | { kind: 'interrupted'; confirmPressed: boolean; interruption: Interruption };

/**
 * Keys one order into the Acme Finance Suite through its screens, exactly once: search by external
 * reference before creating, read the number the CRM gives, and after any unknown outcome search again
 * before keying again. Business refusals come back as results; system trouble is thrown (retryable).
 */
export class CrmKeyer {
  private businessDate: { date: string; readAt: number } | undefined;
  /** The newest session generation some context saw expire; at or above the current one means log in again. */
  private staleGeneration = -1;

  constructor(
    private readonly pool: BrowserPool,
    private readonly session: SharedSession,
    private readonly account: CrmAccount,
    private readonly screenTimeoutMs: number,
  ) {}

  async key(order: OrderToKey, hooks: SlotHooks<KeyingResult> = {}): Promise<KeyingResult> {
    return this.pool.withSlot(async (slot) => {
      await hooks.before?.(slot);
      let result: KeyingResult | undefined;
      try {
        result = await this.keyInSlot(slot, order);
        return result;
      } catch (error) {
        const wrapped = isClosedError(error) ? new OrderDeskError('browser_lost', `the browser went away while keying: ${firstLine(error)}`, { cause: error }) : error;
        await hooks.after?.(slot, { error: wrapped }).catch(() => undefined);
        throw wrapped;
      } finally {
        if (result !== undefined) await hooks.after?.(slot, { result }).catch(() => undefined);
      }
    });
  }

  private async keyInSlot(slot: BrowserSlot, order: OrderToKey): Promise<KeyingResult> {
    const tab = new AcmeTab(slot.page, { baseUrl: this.account.url, screenTimeoutMs: this.screenTimeoutMs });
    let lastTrouble = 'no round ran';
    let confirmedBefore = false;
    // Search before the first try and again after every unknown outcome; an interruption before Confirm
    // cannot have created the order (this job holds its lock), so it does not need another search.
    let mustSearch = true;
    let troubledRounds = 0;
    let renewals = 0;
    for (let round = 1; troubledRounds < MAX_ROUNDS_PER_ATTEMPT && renewals <= MAX_SESSION_RENEWALS_PER_ATTEMPT; round++) {
      if (troubledRounds > 0) await sleep(ROUND_PAUSE_MS * troubledRounds);
      try {
        await this.ensureSession(slot, tab);
      } catch (error) {
        if (!(error instanceof OrderDeskError) || error.code !== 'crm_unavailable') throw error;
        lastTrouble = error.message;
        troubledRounds += 1;
        continue;
      }

      if (mustSearch) {
        const search = await retryScreen(() => OrderSearchPage.findByExternalReference(tab, order.externalRef));
        if (search.kind === 'refused') {
          lastTrouble = `order search refused: ${search.messages.join('; ')}`;
          troubledRounds += 1;
          continue;
        }
        if (search.kind !== 'shown') {
          lastTrouble = await this.recover(slot, tab, search, 'order search');
          if (search.kind === 'session_expired') renewals += 1;
          else troubledRounds += 1;
          continue;
        }
        const existing = await search.screen.exactMatch(order.externalRef);
        if (existing) {
          return { kind: 'keyed', crmOrderNo: existing.orderNo, how: confirmedBefore ? 'found_after_unknown_outcome' : 'found_before_create', rounds: round };
        }
        mustSearch = false;
      }

      const businessDate = await this.currentBusinessDate(tab);
      if (businessDate === undefined) {
        lastTrouble = 'home page did not answer';
        continue;
      }
      const entered = await this.enterOrder(tab, {
        customerId: order.customerId,
        productCode: order.productCode,
        amount: order.amount,
        currency: order.currency,
        termMonths: order.termMonths,
        paymentMethod: order.paymentMethod,
        valueDate: valueDateFor(order.orderDate, businessDate),
        externalRef: order.externalRef,
        salesRep: order.salesRep,
        branch: order.branch,
        notes: notesFor(order.notes),
      });
      if (entered.kind === 'created') return { kind: 'keyed', crmOrderNo: entered.crmOrderNo, how: 'created', rounds: round };
      if (entered.kind === 'refused') {
        const meaning = readRefusal(entered.messages, order.externalRef);
        if (meaning.kind === 'already_in_crm') return { kind: 'keyed', crmOrderNo: meaning.crmOrderNo, how: 'duplicate_reference', rounds: round };
        return { kind: 'refused', message: meaning.message, rounds: round };
      }
      confirmedBefore ||= entered.confirmPressed;
      mustSearch = entered.confirmPressed;
      lastTrouble = await this.recover(slot, tab, entered.interruption, entered.confirmPressed ? 'confirm (outcome unknown)' : 'order entry');
      if (entered.interruption.kind === 'session_expired') renewals += 1;
      else troubledRounds += 1;
    }
    throw new OrderDeskError('crm_unavailable', `gave up after ${troubledRounds} troubled rounds and ${renewals} session renewals: ${lastTrouble}`);
  }

  /** Walks the four steps. Nothing is created before Confirm; after it, anything but the created page is unknown. */
  private async enterOrder(tab: AcmeTab, input: OrderEntryInput): Promise<EntryOutcome> {
    const interrupted = (o: Exclude<ScreenOutcome<unknown>, { kind: 'shown' } | { kind: 'refused' }>, confirmPressed = false): EntryOutcome => ({
      kind: 'interrupted',
      confirmPressed,
      interruption: o,
    });
    const step1 = await retryScreen(() => OrderEntryPage.start(tab));
    if (step1.kind === 'refused') return step1;
    if (step1.kind !== 'shown') return interrupted(step1);
    const step2 = await retryStep(tab, 'orderEntryCustomer', () => step1.screen.enterCustomer(input.customerId));
    if (step2.kind === 'refused') return step2;
    if (step2.kind !== 'shown') return interrupted(step2);
    const step3 = await retryStep(tab, 'orderEntryProduct', () => step2.screen.enterProductAndAmount(input));
    if (step3.kind === 'refused') return step3;
    if (step3.kind !== 'shown') return interrupted(step3);
    const step4 = await retryStep(tab, 'orderEntryTerms', () => step3.screen.enterTerms(input));
    if (step4.kind === 'refused') return step4;
    if (step4.kind !== 'shown') return interrupted(step4);
    const created = await step4.screen.confirm();
    if (created.kind === 'refused') return created;
    if (created.kind !== 'shown') return interrupted(created, true);
    return { kind: 'created', crmOrderNo: await created.screen.orderNumber() };
  }

  /** Deals with an interruption so the next round can start; returns what happened, for the give-up message. */
  private async recover(slot: BrowserSlot, tab: AcmeTab, interruption: Interruption, during: string): Promise<string> {
    switch (interruption.kind) {
      case 'session_expired':
        // Logging in again happens at the start of the next round (ensureSession), where its own
        // trouble counts as a troubled round; here the session is only marked stale.
        this.staleGeneration = Math.max(this.staleGeneration, slot.sessionGeneration);
        return `session expired during ${during}`;
      case 'crm_error':
        return `${interruption.title}${interruption.httpStatus ? ` (HTTP ${interruption.httpStatus})` : ''} during ${during}`;
      case 'no_response':
        return `no response during ${during}: ${interruption.detail}`;
      case 'unexpected_screen':
        return `unexpected screen "${interruption.title}"${interruption.info ? ` (${interruption.info})` : ''} during ${during}`;
    }
  }

  private async ensureSession(slot: BrowserSlot, tab: AcmeTab): Promise<void> {
    if (this.session.generation === 0 || this.staleGeneration >= this.session.generation) {
      await this.session.refresh(this.session.generation, () => this.logIn(tab, slot));
    }
    slot.sessionGeneration = await this.session.applyTo(slot.context, slot.sessionGeneration);
  }

  /** Logs in on this context's tab and returns its cookies for the shared session; error pages are retried. */
  private async logIn(tab: AcmeTab, slot: BrowserSlot): Promise<SessionCookies> {
    let trouble = '';
    for (let i = 0; i <= SCREEN_RETRIES; i++) {
      const login = await retryScreen(() => LoginPage.open(tab));
      if (login.kind === 'unexpected_screen' && login.screen === 'home') {
        // The CRM sends a clerk who is still signed in from its login page to Home: this context's
        // session is alive (a round mistook trouble for an expiry), so it is the session to share.
        const home = await retryScreen(() => HomePage.open(tab));
        if (home.kind === 'shown') {
          this.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
          return (await slot.context.storageState()).cookies;
        }
      }
      if (login.kind !== 'shown') {
        trouble = `login page did not come up: ${describe(login)}`;
        continue;
      }
      const home = await login.screen.logIn(this.account.user, this.account.password);
      if (home.kind === 'refused') throw new OrderDeskError('crm_login_refused', `the CRM refused the keying bot's login: ${home.messages.join('; ')}`);
      if (home.kind !== 'shown') {
        trouble = `login did not reach the home page: ${describe(home)}`;
        continue;
      }
      this.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
      const state = await slot.context.storageState();
      return state.cookies;
    }
    throw new OrderDeskError('crm_unavailable', trouble);
  }

  private async currentBusinessDate(tab: AcmeTab): Promise<string | undefined> {
    if (this.businessDate && Date.now() - this.businessDate.readAt < BUSINESS_DATE_TTL_MS) return this.businessDate.date;
    const home = await HomePage.open(tab);
    if (home.kind !== 'shown') return undefined;
    this.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
    return this.businessDate.date;
  }
}

function isTransient(outcome: ScreenOutcome<unknown>): boolean {
  return outcome.kind === 'crm_error' || outcome.kind === 'no_response';
}

/** Reopens a screen (a GET, safe to repeat) that came back as an error page or not at all. */
async function retryScreen<T>(open: () => Promise<ScreenOutcome<T>>): Promise<ScreenOutcome<T>> {
  let outcome = await open();
  for (let i = 0; i < SCREEN_RETRIES && isTransient(outcome); i++) outcome = await open();
  return outcome;
}

/** Re-posts an order-form step (before Confirm nothing is created) from the step page Back brings again. */
async function retryStep<T>(tab: AcmeTab, step: AcmeScreenName, post: () => Promise<ScreenOutcome<T>>): Promise<ScreenOutcome<T>> {
  let outcome = await post();
  for (let i = 0; i < SCREEN_RETRIES && isTransient(outcome); i++) {
    // One Back only: a second would leave the step; an error there ends the round instead.
    const back = await tab.back();
    if (back.kind !== 'screen' || back.screen !== step) return outcome;
    outcome = await post();
  }
  return outcome;
}

function describe(outcome: ScreenOutcome<unknown>): string {
  switch (outcome.kind) {
    case 'shown':
      return 'shown';
    case 'refused':
      return outcome.messages.join('; ');
    case 'session_expired':
      return 'session expired';
    case 'crm_error':
      return outcome.title;
    case 'no_response':
      return outcome.detail;
    case 'unexpected_screen':
      return `unexpected screen "${outcome.title}"`;
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? '';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
