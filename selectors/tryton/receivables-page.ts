import type { CustomerContact, Receivable } from '../contract/receivable.ts';
import { isOutstanding } from '../contract/receivable.ts';
import { ContactMechanismsPage } from './contact-mechanisms-page.ts';
import { CurrencyBook } from './currency-book.ts';
import { CustomerInvoicesPage, type TrytonInvoiceRow } from './customer-invoices-page.ts';
import { PartyListPage } from './party-list-page.ts';
import type { TrytonReceivableLine } from './receivable-lines-page.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import { SaoValues } from './sao-values.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonStatement {
  contact: CustomerContact;
  /** The customer's posted invoices with money still owed on them. */
  open: Receivable[];
}

/**
 * The receivables as a Tryton clerk reads them, in the `Receivable` shape the dunning bot uses, from
 * three lists: Customer Invoices (posted: number, date, party, total), the parties (code by name) and
 * the parties' Payable/Receivable Lines on the Receivable tab (what is not reconciled yet: due date and
 * amount per line, the invoice as the move's origin). An invoice owes the sum of its open lines; one
 * with none is paid. Read-only; every tab it opens it closes.
 */
export class TrytonReceivablesPage {
  private constructor(
    private readonly tab: SaoTab,
    private readonly currencies: CurrencyBook,
  ) {}

  /** `currencies` carries the currency codes already looked up, from one read to the next. */
  static onScreen(tab: SaoTab, currencies: CurrencyBook = new CurrencyBook()): TrytonReceivablesPage {
    return new TrytonReceivablesPage(tab, currencies);
  }

  /** Every posted customer invoice, paid or not, with what is still owed on it as of `today` (YYYY-MM-DD). */
  async receivables(today: string): Promise<TrytonOutcome<Receivable[]>> {
    return guard(async () => {
      const invoices = await this.postedInvoices();
      if (invoices.kind !== 'shown') return invoices;
      const partyList = await PartyListPage.open(this.tab);
      if (partyList.kind !== 'shown') return partyList;
      const parties = await partyList.screen.parties();
      if (parties.kind !== 'shown') return parties;
      const lines = await this.openLines(partyList.screen, invoices.screen);
      if (lines.kind !== 'shown') return lines;
      const closed = await partyList.screen.close();
      if (closed.kind !== 'shown') return closed;

      // The lists name the party, not its code: a name two parties share is told apart by listing
      // each of those parties' invoices.
      const codesByName = new Map<string, string[]>();
      for (const p of parties.screen) codesByName.set(p.name, [...(codesByName.get(p.name) ?? []), p.code]);
      const codeOfInvoice = new Map<string, string>();
      const shared = new Set<string>();
      for (const invoice of invoices.screen) {
        const codes = codesByName.get(invoice.partyName) ?? [];
        if (codes.length === 0) return { kind: 'no_response', detail: `invoice ${invoice.number}: its party "${invoice.partyName}" was not in the party list (changed between the two reads?)` };
        if (codes.length === 1) codeOfInvoice.set(invoice.number, codes[0] ?? '');
        else shared.add(invoice.partyName);
      }
      for (const name of shared) {
        for (const code of codesByName.get(name) ?? []) {
          const ofParty = await this.postedInvoices(code);
          if (ofParty.kind !== 'shown') return ofParty;
          for (const invoice of ofParty.screen) codeOfInvoice.set(invoice.number, code);
        }
      }
      const learned = await this.learnCurrencies(invoices.screen, lines.screen);
      if (learned.kind !== 'shown') return learned;
      return { kind: 'shown', screen: invoices.screen.map((invoice) => this.receivable(invoice, codeOfInvoice.get(invoice.number) ?? '', lines.screen, today)) };
    });
  }

  /**
   * One customer's statement now: name, e-mail and language from the party's screens, and their posted
   * invoices that still owe money. A code Tryton does not know comes back as a refusal.
   */
  async statement(customerId: string, today: string): Promise<TrytonOutcome<TrytonStatement>> {
    return guard(async () => {
      const invoices = await this.postedInvoices(customerId);
      if (invoices.kind !== 'shown') return invoices;
      const contacts = await ContactMechanismsPage.open(this.tab, customerId);
      if (contacts.kind !== 'shown') return contacts;
      const emails = await contacts.screen.emails();
      if (emails.kind !== 'shown') return emails;
      const partyList = await PartyListPage.open(this.tab, { code: customerId });
      if (partyList.kind !== 'shown') return partyList;
      const parties = await partyList.screen.parties();
      if (parties.kind !== 'shown') return parties;
      const party = parties.screen.find((p) => p.code === customerId);
      // No posted invoice, no open line: the lines' screen is not worth opening.
      const none: TrytonOutcome<TrytonReceivableLine[]> = { kind: 'shown', screen: [] };
      const lines = party && invoices.screen.length > 0 ? await this.openLines(partyList.screen, invoices.screen) : none;
      if (lines.kind !== 'shown') return lines;
      const closed = await partyList.screen.close();
      if (closed.kind !== 'shown') return closed;
      if (!party) return { kind: 'refused', messages: [`Tryton has no party with code ${customerId}`] };
      const learned = await this.learnCurrencies(invoices.screen, lines.screen);
      if (learned.kind !== 'shown') return learned;
      const email = emails.screen[0];
      return {
        kind: 'shown',
        screen: {
          contact: { customerId, name: party.name, ...(email ? { email } : {}), language: /chinese|\bzh\b/i.test(party.language) ? 'zh' : 'en' },
          open: invoices.screen.map((invoice) => this.receivable(invoice, customerId, lines.screen, today)).filter(isOutstanding),
        },
      };
    });
  }

  private async postedInvoices(partyCode?: string): Promise<TrytonOutcome<TrytonInvoiceRow[]>> {
    const page = await CustomerInvoicesPage.open(this.tab, partyCode === undefined ? {} : { partyCode });
    return page.kind === 'shown' ? page.screen.invoices() : page;
  }

  /** The listed parties' open receivable lines, from their party list (left open for the caller to close). */
  private async openLines(partyList: PartyListPage, invoices: TrytonInvoiceRow[]): Promise<TrytonOutcome<TrytonReceivableLine[]>> {
    const page = await partyList.openReceivableLines();
    return page.kind === 'shown' ? page.screen.lines(new Set(invoices.map((i) => i.number))) : page;
  }

  private learnCurrencies(invoices: TrytonInvoiceRow[], lines: TrytonReceivableLine[]): Promise<TrytonOutcome<void>> {
    return this.currencies.learn(
      this.tab,
      lines.map((l) => l.currencyName),
      invoices.map((i) => i.currencySymbol),
    );
  }

  private receivable(invoice: TrytonInvoiceRow, customerId: string, allLines: TrytonReceivableLine[], today: string): Receivable {
    const lines = allLines.filter((l) => l.invoiceNo === invoice.number);
    const outstanding = lines.reduce((sum, l) => sum + l.amountCents, 0n);
    const dueDate = lines.map((l) => l.maturityDate).filter((d) => d !== '').sort()[0] ?? '';
    return {
      invoiceNo: invoice.number,
      customerId,
      customerName: invoice.partyName,
      invoiceDate: invoice.invoiceDate,
      // A paid invoice has no open line left to tell its due date; nothing chases it.
      dueDate,
      currency: this.currencies.codeOf(lines[0]?.currencyName ?? '', invoice.currencySymbol, allLines.map((l) => l.currencyName)),
      amount: SaoValues.decimal(invoice.totalCents),
      paid: SaoValues.decimal(invoice.totalCents - outstanding),
      outstanding: SaoValues.decimal(outstanding),
      daysOverdue: dueDate === '' ? 0 : Math.max(0, daysBetween(dueDate, today)),
      status: outstanding === 0n ? 'paid' : 'open',
      disputed: false,
      promisedToPay: '',
    };
  }
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
