import { ErrorCode } from '../../core/errors/error-codes.ts';
import type { OrderToKey } from '../contract/order-to-key.ts';
import { OrderDeskError } from '../../core/errors/orderdesk-error.ts';
import type { CrmAccount, CrmAnswer, CrmClerk, CrmTrouble, OrderEntry } from '../crm-target.ts';
import { TrytonLoginPage } from './login-page.ts';
import { SaleFormPage, type TrytonSaleResult } from './sale-form-page.ts';
import { SaleSearchPage } from './sale-search-page.ts';
import type { SaoTab } from './sao-tab.ts';
import { describeOutcome, type TrytonInterruption, type TrytonOutcome } from './tryton-outcome.ts';

/** The log-in dialog that came up as an error or not at all is tried this many more times. */
const LOGIN_RETRIES = 3;
/** States of a booked sale (a service sale is processed at once on Confirm). */
const BOOKED = ['Confirmed', 'Processing', 'Done'];

/**
 * Keying on Tryton in one browser context, through sao: an order is a sale whose Reference is our
 * external reference, in the order's currency, with one line (the product, quantity 1, the order amount
 * as the unit price).
 * Quote saves the sale (so from that press on the outcome can be unknown), Confirm books it. sao keeps
 * its session in the tab's own storage, so each context signs in for itself.
 */
export class TrytonClerk implements CrmClerk {
  private signedIn = false;
  /** What sao shows for each currency code once chosen, so a sale already in the order's currency is left as it is. */
  private readonly currencyNames = new Map<string, string>();

  constructor(
    private readonly tab: SaoTab,
    private readonly account: CrmAccount,
  ) {}

  async ensureSignedIn(): Promise<void> {
    if (this.signedIn) return;
    let trouble = 'not tried';
    for (let i = 0; i <= LOGIN_RETRIES; i++) {
      const login = await TrytonLoginPage.open(this.tab);
      if (login.kind !== 'shown') {
        trouble = `log-in dialog did not come up: ${describeOutcome(login)}`;
        continue;
      }
      const home = await login.screen.logIn(this.account.user, this.account.password);
      if (home.kind === 'refused') throw new OrderDeskError(ErrorCode.crmLoginRefused, `Tryton refused the keying bot's log-in: ${home.messages.join('; ')}`);
      if (home.kind !== 'shown') {
        trouble = `log-in did not reach the menu: ${describeOutcome(home)}`;
        continue;
      }
      this.signedIn = true;
      return;
    }
    throw new OrderDeskError(ErrorCode.crmUnavailable, trouble);
  }

  sessionEnded(): void {
    this.signedIn = false;
  }

  /** The sale with this reference; one an earlier attempt saved but did not book (Draft, Quotation) is booked now. */
  async findOrder(externalRef: string): Promise<CrmAnswer<string | undefined>> {
    const cleared = await this.clearScreen();
    if (cleared) return answerOf(cleared);
    const search = await SaleSearchPage.open(this.tab, externalRef);
    if (search.kind !== 'shown') return answerOf(search);
    const found = await search.screen.exactMatch();
    if (found.kind !== 'shown') return answerOf(found);
    if (found.screen === undefined) return { kind: 'done', value: undefined };
    if (BOOKED.includes(found.screen.state)) return { kind: 'done', value: found.screen.number };
    const form = await search.screen.openSale();
    if (form.kind !== 'shown') return answerOf(form);
    const booked = await book(form.screen, found.screen.state);
    return booked.kind === 'shown' ? { kind: 'done', value: booked.screen.number } : answerOf(booked);
  }

  async enterOrder(order: OrderToKey): Promise<OrderEntry> {
    const interrupted = (trouble: TrytonInterruption, mayExist: boolean): OrderEntry =>
      trouble.kind === 'refused' ? trouble : { kind: 'interrupted', mayExist, trouble: troubleOf(trouble) };
    const cleared = await this.clearScreen();
    if (cleared) return interrupted(cleared, false);
    const form = await SaleFormPage.open(this.tab);
    if (form.kind !== 'shown') return interrupted(form, false);
    const entered = await form.screen.enter({
      customerCode: order.customerId,
      reference: order.externalRef,
      currency: order.currency,
      lines: [{ productCode: order.productCode, quantity: '1', unitPrice: order.amount }],
    }, this.currencyNames);
    if (entered.kind !== 'shown') return interrupted(entered, false);
    // Quote saves the sale first: from this press on, a sale with our reference may exist.
    const booked = await book(form.screen, 'Draft');
    if (booked.kind !== 'shown') return interrupted(booked, true);
    return { kind: 'created', crmOrderNo: booked.screen.number };
  }

  /**
   * Every verb starts on an empty screen. When sao cannot get there (a dialog an interrupted attempt left
   * open over its tab), the tab is loaded afresh, which means signing in again: the next round does.
   */
  private async clearScreen(): Promise<TrytonInterruption | undefined> {
    const cleared = await this.tab.closeTabs();
    if (cleared?.kind === 'no_response') this.signedIn = false;
    return cleared;
  }
}

/** Quote (when still a draft), then Confirm. */
async function book(form: SaleFormPage, state: string): Promise<TrytonOutcome<TrytonSaleResult>> {
  if (state === 'Draft') {
    const quoted = await form.quote();
    if (quoted.kind !== 'shown') return quoted;
  }
  return form.confirm();
}

function troubleOf(interruption: Exclude<TrytonInterruption, { kind: 'refused' }>): CrmTrouble {
  switch (interruption.kind) {
    case 'session_expired':
      return interruption;
    case 'erp_error':
      return { kind: 'crm_error', detail: `Tryton application error: ${interruption.detail}` };
    case 'no_response':
      return interruption;
  }
}

function answerOf<T>(interruption: TrytonInterruption): CrmAnswer<T> {
  return interruption.kind === 'refused' ? interruption : troubleOf(interruption);
}
