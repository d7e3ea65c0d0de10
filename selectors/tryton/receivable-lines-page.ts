import { SaoList } from './sao-list.ts';
import { guard, type SaoTab } from './sao-tab.ts';
import { SaoValues } from './sao-values.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

export interface TrytonReceivableLine {
  /** The invoice the line's move comes from, by number; '' when the move has no invoice as origin. */
  invoiceNo: string;
  /** YYYY-MM-DD, '' when the line has none (a payment). */
  maturityDate: string;
  /** Debit minus credit, in cents: what the line still asks of the party (a payment counts negative). */
  amountCents: bigint;
  /** The currency's name, as the Amount Currency column shows it. */
  currencyName: string;
}

/**
 * Payable/Receivable Lines, Receivable tab: the selected parties' receivable lines that are not
 * reconciled, i.e. what they still owe, line by line (an invoice's lines to pay and its part payments,
 * each with the invoice as the move's origin). Read-only.
 */
export class ReceivableLinesPage {
  private constructor(private readonly list: SaoList<'receivableLines'>) {}

  /** Waits for the lines' tab that "Open related records" opens, then shows its Receivable tab. */
  static async onReceivableTab(tab: SaoTab): Promise<TrytonOutcome<ReceivableLinesPage>> {
    const list = new SaoList(tab, 'receivableLines');
    // sao opens the Payable tab first. The Receivable tab is picked only once Payable's search has
    // answered: sao shows whichever answer comes last, so a slow Payable answer would stand under the
    // Receivable tab.
    const panel = tab.panel();
    const payableAnswered = await tab.until('the payable/receivable lines', async () => {
      if (!(await list.isShowing()) || !(await tab.isShown('receivableLines', 'receivableTab', panel))) return undefined;
      const previousPage = tab.locate('listTab', 'previousPage', panel);
      return (await previousPage.count()) === 1 && (await previousPage.isDisabled()) ? true : undefined;
    });
    if (payableAnswered) return payableAnswered;
    await tab.click('receivableLines', 'receivableTab', panel);
    return { kind: 'shown', screen: new ReceivableLinesPage(list) };
  }

  /**
   * The open receivable lines; the tab is closed afterwards. `invoiceNumbers` are the invoices expected
   * among them: a list with one of those is the Receivable tab's answer (the Payable tab shown before
   * it has none), so the read ends without waiting for the list to settle.
   */
  async lines(invoiceNumbers: ReadonlySet<string>): Promise<TrytonOutcome<TrytonReceivableLine[]>> {
    return guard(async () => {
      const read = await this.list.read({
        what: 'the receivable lines',
        // Not the Party column: sao hides it when the lines are one party's (the domain pins it).
        columns: ['maturityDate', 'amount', 'currency', 'invoice'],
        isAnswer: (rows) => rows.some((r) => invoiceNumbers.has(invoiceNumberOf(r.invoice))),
      });
      if (read.kind !== 'shown') return read;
      const lines: TrytonReceivableLine[] = [];
      for (const row of read.screen) {
        const maturityDate = SaoValues.isoDate(row.maturityDate);
        if (maturityDate === undefined) throw await this.list.unreadable('maturityDate', row.maturityDate);
        const amount = SaoValues.money(row.amount);
        if (amount === undefined) throw await this.list.unreadable('amount', row.amount);
        lines.push({ invoiceNo: invoiceNumberOf(row.invoice), maturityDate, amountCents: amount.cents, currencyName: row.currency });
      }
      const closed = await this.list.close();
      return closed ?? { kind: 'shown', screen: lines };
    });
  }
}

/**
 * sao shows a reference to another record as "<model>,<record>" and an invoice as "<number> [<reference>]":
 * "Invoice,INV2026-0072 [SO-SEED-001-1]" is invoice INV2026-0072. Reading the whole text as the number
 * (the model's name left on) is why the first version of this screen matched no invoice at all.
 */
function invoiceNumberOf(origin: string): string {
  const comma = origin.indexOf(',');
  if (comma < 0) return '';
  return origin
    .slice(comma + 1)
    .replace(/\s*\[.*\]$/, '')
    .trim();
}
