import { ErrorCode } from '../../core/errors/error-codes.ts';
import type { OrderToKey } from '../contract/order-to-key.ts';
import { notesFor, valueDateFor } from './order-entry-rules.ts';
import type { BrowserSlot } from '../../core/browser/browser-pool.ts';
import type { SessionCookies, SharedSession } from '../../core/browser/shared-session.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { CrmAccount, CrmAnswer, CrmClerk, CrmTrouble, OrderEntry } from '../crm-target.ts';
import { AcmeTab } from './acme-tab.ts';
import { orderAlreadyThere } from './duplicate-reference.ts';
import { HomePage } from './home-page.ts';
import type { AcmeScreenName } from './locator-map.ts';
import { LoginPage } from './login-page.ts';
import type { OrderEntryInput } from './order-entry-input.ts';
import { OrderEntryPage } from './order-entry-page.ts';
import { OrderSearchPage } from './order-search-page.ts';
import type { Interruption, ScreenOutcome } from './screen-arrival.ts';

/**
 * A screen that came back as an error page or not at all is tried again this many times: a GET is simply
 * reopened, a step of the order form (nothing created yet) is re-posted from the step page the browser's
 * Back button fetches again. Confirm is never re-pressed.
 */
const SCREEN_RETRIES = 3;
/**
 * The most screens one login can wait on: each of its tries opens the login page (retried), posts the
 * form and may open Home (retried). Times the screen timeout, it is the shared login's budget.
 */
export const LOGIN_SCREENS_AT_MOST = (SCREEN_RETRIES + 1) * (2 * (SCREEN_RETRIES + 1) + 1);
/** The CRM's business date is re-read this often (it moves at midnight, the session may live longer). */
const BUSINESS_DATE_TTL_MS = 10 * 60_000;

/**
 * What every Acme clerk of one process shares: one login (its cookies copied into each context; the
 * first context to see it expire logs in again) and the CRM's business date.
 */
export class AcmeDesk {
  businessDate: { date: string; readAt: number } | undefined;
  /** The newest session generation some context saw expire; at or above the current one means log in again. */
  staleGeneration = -1;

  constructor(
    readonly session: SharedSession,
    readonly account: CrmAccount,
    readonly screenTimeoutMs: number,
  ) {}
}

/**
 * Keying on the Acme Finance Suite in one browser context: the four-step order wizard, the order
 * search, and the shared login. Nothing is created before Confirm; after it, anything but the created
 * page is an unknown outcome.
 */
export class AcmeClerk implements CrmClerk {
  private readonly tab: AcmeTab;

  constructor(
    private readonly desk: AcmeDesk,
    private readonly slot: BrowserSlot,
  ) {
    this.tab = new AcmeTab(slot.page, { baseUrl: desk.account.url, screenTimeoutMs: desk.screenTimeoutMs });
  }

  async ensureSignedIn(): Promise<void> {
    const { session } = this.desk;
    if (session.generation === 0 || this.desk.staleGeneration >= session.generation) {
      await session.refresh(session.generation, () => this.logIn());
    }
    this.slot.sessionGeneration = await session.applyTo(this.slot.context, this.slot.sessionGeneration);
  }

  sessionEnded(): void {
    this.desk.staleGeneration = Math.max(this.desk.staleGeneration, this.slot.sessionGeneration);
  }

  async findOrder(externalRef: string): Promise<CrmAnswer<string | undefined>> {
    const search = await retryScreen(() => OrderSearchPage.findByExternalReference(this.tab, externalRef));
    if (search.kind !== 'shown') return answerOf(search);
    return { kind: 'done', value: (await search.screen.exactMatch(externalRef))?.orderNo };
  }

  async enterOrder(order: OrderToKey): Promise<OrderEntry> {
    const businessDate = await this.currentBusinessDate();
    if (businessDate === undefined) return { kind: 'interrupted', mayExist: false, trouble: { kind: 'no_response', detail: 'home page did not answer' } };
    const entry = await this.walkWizard({
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
    if (entry.kind !== 'refused') return entry;
    const first = orderAlreadyThere(entry.messages, order.externalRef);
    return first ? { kind: 'already_there', crmOrderNo: first } : entry;
  }

  /** Walks the four steps; a transient error on a step is re-posted from the page Back brings again. */
  private async walkWizard(input: OrderEntryInput): Promise<OrderEntry> {
    const interrupted = (o: Interruption, mayExist = false): OrderEntry => ({ kind: 'interrupted', mayExist, trouble: troubleOf(o) });
    const step1 = await retryScreen(() => OrderEntryPage.start(this.tab));
    if (step1.kind === 'refused') return step1;
    if (step1.kind !== 'shown') return interrupted(step1);
    const step2 = await this.retryStep('orderEntryCustomer', () => step1.screen.enterCustomer(input.customerId));
    if (step2.kind === 'refused') return step2;
    if (step2.kind !== 'shown') return interrupted(step2);
    const step3 = await this.retryStep('orderEntryProduct', () => step2.screen.enterProductAndAmount(input));
    if (step3.kind === 'refused') return step3;
    if (step3.kind !== 'shown') return interrupted(step3);
    const step4 = await this.retryStep('orderEntryTerms', () => step3.screen.enterTerms(input));
    if (step4.kind === 'refused') return step4;
    if (step4.kind !== 'shown') return interrupted(step4);
    const created = await step4.screen.confirm();
    if (created.kind === 'refused') return created;
    if (created.kind !== 'shown') return interrupted(created, true);
    return { kind: 'created', crmOrderNo: await created.screen.orderNumber() };
  }

  /** Re-posts an order-form step (before Confirm nothing is created) from the step page Back brings again. */
  private async retryStep<T>(step: AcmeScreenName, post: () => Promise<ScreenOutcome<T>>): Promise<ScreenOutcome<T>> {
    let outcome = await post();
    for (let i = 0; i < SCREEN_RETRIES && isTransient(outcome); i++) {
      // One Back only: a second would leave the step; an error there ends the round instead.
      const back = await this.tab.back();
      if (back.kind !== 'screen' || back.screen !== step) return outcome;
      outcome = await post();
    }
    return outcome;
  }

  /** Logs in on this context's tab and returns its cookies for the shared session; error pages are retried. */
  private async logIn(): Promise<SessionCookies> {
    let trouble = '';
    for (let i = 0; i <= SCREEN_RETRIES; i++) {
      const login = await retryScreen(() => LoginPage.open(this.tab));
      if (login.kind === 'unexpected_screen' && login.screen === 'home') {
        // The CRM sends a clerk who is still signed in from its login page to Home: this context's
        // session is alive (a round mistook trouble for an expiry), so it is the session to share.
        const home = await retryScreen(() => HomePage.open(this.tab));
        if (home.kind === 'shown') {
          this.desk.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
          return (await this.slot.context.storageState()).cookies;
        }
      }
      if (login.kind !== 'shown') {
        trouble = `login page did not come up: ${describe(login)}`;
        continue;
      }
      const home = await login.screen.logIn(this.desk.account.user, this.desk.account.password);
      if (home.kind === 'refused') throw new OrderDeskError(ErrorCode.crmLoginRefused, `the CRM refused the keying bot's login: ${home.messages.join('; ')}`);
      if (home.kind !== 'shown') {
        trouble = `login did not reach the home page: ${describe(home)}`;
        continue;
      }
      this.desk.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
      return (await this.slot.context.storageState()).cookies;
    }
    throw new OrderDeskError(ErrorCode.crmUnavailable, trouble);
  }

  private async currentBusinessDate(): Promise<string | undefined> {
    const known = this.desk.businessDate;
    if (known && Date.now() - known.readAt < BUSINESS_DATE_TTL_MS) return known.date;
    const home = await HomePage.open(this.tab);
    if (home.kind !== 'shown') return undefined;
    this.desk.businessDate = { date: await home.screen.businessDate(), readAt: Date.now() };
    return this.desk.businessDate.date;
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

function troubleOf(interruption: Interruption): CrmTrouble {
  switch (interruption.kind) {
    case 'session_expired':
      return interruption;
    case 'crm_error':
      return { kind: 'crm_error', detail: `${interruption.title}${interruption.httpStatus ? ` (HTTP ${interruption.httpStatus})` : ''}` };
    case 'no_response':
      return interruption;
    case 'unexpected_screen':
      return { kind: 'unexpected_screen', detail: `unexpected screen "${interruption.title}"${interruption.info ? ` (${interruption.info})` : ''}` };
  }
}

function answerOf<T>(outcome: Exclude<ScreenOutcome<unknown>, { kind: 'shown' }>): CrmAnswer<T> {
  return outcome.kind === 'refused' ? outcome : troubleOf(outcome);
}

function describe(outcome: ScreenOutcome<unknown>): string {
  if (outcome.kind === 'shown') return 'shown';
  if (outcome.kind === 'refused') return outcome.messages.join('; ');
  const trouble = troubleOf(outcome);
  return trouble.kind === 'session_expired' ? 'session expired' : trouble.detail;
}
