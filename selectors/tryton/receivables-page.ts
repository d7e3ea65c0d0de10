import type { Receivable } from '../../bots/dunning/receivables.ts';
import { guard, type GridRows, type SaoTab } from './sao-tab.ts';
import type { TrytonOutcome } from './tryton-outcome.ts';

/** A list that has stopped changing for this long is drawn completely. */
const GRID_SETTLE_MS = 700;
const CURRENCY_BY_SYMBOL: Record<string, string> = { '¥': 'CNY', $: 'USD', '€': 'EUR' };

/**
 * The receivables as a Tryton clerk reads them, in the `Receivable` shape the dunning bot uses. Two
 * screens: Financial → Invoices → Customer Invoices (posted: number, date, party, total) and, for due
 * dates and what is still open, the parties' "Payable/Receivable Lines" (Receivable tab, unreconciled
 * lines: maturity date, amount, the invoice as "Move Origin"). Read-only.
 */
export class TrytonReceivablesPage {
  private constructor(private readonly tab: SaoTab) {}

  static onScreen(tab: SaoTab): TrytonReceivablesPage {
    return new TrytonReceivablesPage(tab);
  }

  /** Every posted customer invoice with money still owed on it, as of `today` (YYYY-MM-DD). */
  async receivables(today: string): Promise<TrytonOutcome<Receivable[]>> {
    return guard(async () => {
      const invoices = await this.customerInvoices();
      if (invoices.kind !== 'shown') return invoices;
      const parties = await this.tab.openModel('party.party');
      if (parties) return parties;
      const partyGrid = await this.settledGrid('the party list');
      if (partyGrid.kind !== 'shown') return partyGrid;
      const codeByName = new Map(rowsOf(partyGrid.screen).map((r) => [r.Name ?? '', r.Code ?? '']));
      const lines = await this.openReceivableLines();
      if (lines.kind !== 'shown') return lines;

      const open = new Map<string, { due: string; outstanding: number }>();
      for (const line of rowsOf(lines.screen)) {
        const invoiceNo = (line['Move Origin'] ?? '').replace(/\s*\[.*\]$/, '').trim();
        if (invoiceNo === '') continue;
        const seen = open.get(invoiceNo) ?? { due: '', outstanding: 0 };
        const due = isoDate(line['Maturity Date'] ?? '');
        open.set(invoiceNo, { due: seen.due === '' || (due !== '' && due < seen.due) ? due : seen.due, outstanding: seen.outstanding + money(line.Amount ?? '') });
      }
      const receivables: Receivable[] = [];
      for (const invoice of rowsOf(invoices.screen)) {
        const invoiceNo = invoice.Number ?? '';
        const owed = open.get(invoiceNo);
        if (!owed) continue;
        const amount = money(invoice.Total ?? '');
        const name = invoice.Party ?? '';
        receivables.push({
          invoiceNo,
          customerId: codeByName.get(name) ?? '',
          customerName: name,
          invoiceDate: isoDate(invoice['Invoice Date'] ?? ''),
          dueDate: owed.due,
          currency: currencyOf(invoice.Total ?? ''),
          amount: amount.toFixed(2),
          paid: (amount - owed.outstanding).toFixed(2),
          outstanding: owed.outstanding.toFixed(2),
          daysOverdue: owed.due === '' ? 0 : Math.max(0, daysBetween(owed.due, today)),
          status: 'open',
          disputed: false,
          promisedToPay: '',
        });
      }
      return { kind: 'shown', screen: receivables };
    });
  }

  private async customerInvoices(): Promise<TrytonOutcome<GridRows>> {
    const failed = await this.tab.openModel('account.invoice', {
      domain: [
        ['type', '=', 'out'],
        ['state', '=', 'posted'],
      ],
      name: 'Customer Invoices',
    });
    return failed ?? this.settledGrid('the customer invoices');
  }

  /** Selects every party, then Open related records → Payable/Receivable Lines → the Receivable tab. */
  private async openReceivableLines(): Promise<TrytonOutcome<GridRows>> {
    const panel = this.tab.panel();
    await this.tab.selectAll(panel);
    await this.tab.click('list', 'relate', panel);
    const before = await this.tab.locate('receivableLines', 'receivableTab').count();
    await this.tab.click('receivableLines', 'openFromParties');
    const opened = await this.tab.until('the receivable lines', async () => ((await this.tab.locate('receivableLines', 'receivableTab', this.tab.panel()).count()) > before || (await this.tab.locate('receivableLines', 'receivableTab', this.tab.panel()).count()) === 1 ? true : undefined));
    if (opened) return opened;
    await this.tab.click('receivableLines', 'receivableTab', this.tab.panel());
    return this.settledGrid('the receivable lines', 'receivableLines');
  }

  /** The list once it has stopped changing (sao fills it after its search answers). */
  private async settledGrid(what: string, screen: 'list' | 'receivableLines' = 'list'): Promise<TrytonOutcome<GridRows>> {
    let last = '';
    let stableSince = 0;
    let grid: GridRows = { headers: [], rows: [] };
    const failed = await this.tab.until(what, async () => {
      grid = await this.tab.grid(this.tab.panel(), screen);
      const now = JSON.stringify(grid);
      if (now !== last) {
        last = now;
        stableSince = Date.now();
        return undefined;
      }
      return Date.now() - stableSince >= GRID_SETTLE_MS ? true : undefined;
    });
    return failed ?? { kind: 'shown', screen: grid };
  }
}

function rowsOf(grid: GridRows): Record<string, string>[] {
  return grid.rows.map((cells) => Object.fromEntries(grid.headers.map((h, i) => [h, cells[i] ?? ''])));
}

/** sao shows amounts with the currency symbol and thousands separators: "¥ 50,000.00". */
function money(text: string): number {
  const n = Number(text.replace(/[^\d.-]/g, ''));
  return Number.isFinite(n) ? n : 0;
}

function currencyOf(text: string): string {
  const symbol = Object.keys(CURRENCY_BY_SYMBOL).find((s) => text.includes(s));
  return symbol ? (CURRENCY_BY_SYMBOL[symbol] ?? '') : 'CNY';
}

/** sao's English date format is MM/DD/YYYY. */
function isoDate(text: string): string {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  return m ? `${m[3]}-${m[1]}-${m[2]}` : text.trim();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
