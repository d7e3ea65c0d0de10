import { inject } from 'vitest';
import type { TrytonCustomerTruth, TrytonInfo, TrytonInvoiceTruth, TrytonOrderTruth, TrytonStartReport } from '../../../fixtures/tryton/index.ts';
import type { Receivable } from '../../../selectors/contract/receivable.ts';
import type { LaunchedDatabase } from './tryton-launcher.ts';

/** The first file to ask starts Tryton: seconds from the cache, a minute or more when it must seed on two busy cores. */
export const TRYTON_START_TIMEOUT_MS = 300_000;
/** One sao screen or save; generous for two cores shared with other browsers and servers. */
export const TRYTON_SCREEN_TIMEOUT_MS = 30_000;

/** Whole days from one YYYY-MM-DD to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Tryton's decimal string ("200.00", "10000", "-5.5") as integer cents, so comparisons are exact. */
function cents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [units = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const value = BigInt(units) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -value : value;
}

function decimal(c: bigint): string {
  const abs = c < 0n ? -c : c;
  return `${c < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** What a receivables source must say about a posted invoice as of `asOf`, worked out from Tryton's own JSON-RPC answer. */
export function receivableOf(invoice: TrytonInvoiceTruth, asOf: string): Receivable {
  const owed = cents(invoice.amountToPay);
  return {
    invoiceNo: invoice.number,
    customerId: invoice.partyCode,
    customerName: invoice.partyName,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: 'CNY',
    amount: decimal(cents(invoice.total)),
    paid: decimal(cents(invoice.total) - owed),
    outstanding: decimal(owed),
    daysOverdue: Math.max(0, daysBetween(invoice.dueDate, asOf)),
    status: owed > 0n ? 'open' : 'paid',
    disputed: false,
    promisedToPay: '',
  };
}

/** Whether Tryton says something is still owed on the invoice. */
export function owing(invoice: TrytonInvoiceTruth): boolean {
  return cents(invoice.amountToPay) > 0n;
}

/**
 * A Tryton test file's own database on the run's one trytond (global setup's TrytonLauncher), and its
 * ground truth: what Tryton holds, read over its JSON-RPC, never through the screens under test. Each
 * file gets a fresh copy of the seed, so files running side by side never see each other's sales,
 * edits or resets.
 */
export class TrytonTestDatabase {
  private constructor(
    readonly info: TrytonInfo,
    /** How the shared server came up (a cache hit, or seeded in this run). */
    readonly startReport: TrytonStartReport,
  ) {}

  /**
   * Asks for the database of `label` (the test file's name: one label per file, or two files would share
   * a database); the first ask of the run starts Tryton.
   */
  static async open(label: string): Promise<TrytonTestDatabase> {
    const response = await fetch(`${inject('trytonLauncher')}/databases?label=${encodeURIComponent(label)}`, { method: 'POST', signal: AbortSignal.timeout(TRYTON_START_TIMEOUT_MS) });
    const body = (await response.json()) as LaunchedDatabase & { error?: string };
    if (!response.ok) throw new Error(`no Tryton database for ${label}: ${body.error ?? response.status}`);
    return new TrytonTestDatabase(body.info, body.report);
  }

  /** The day the seed is dated around: age its invoices as of this day, and every bucket holds some. */
  get runDate(): string {
    return this.info.businessDate;
  }

  /** The settings that point a bot at this database, as an operator's environment would. */
  crmEnv(): Record<string, string> {
    const { url, user, password, database } = this.info;
    return { CRM_TARGET: 'tryton', CRM_URL: url, CRM_USER: user, CRM_PASSWORD: password, CRM_DATABASE: database };
  }

  orders(): Promise<TrytonOrderTruth[]> {
    return this.read('orders');
  }

  customers(): Promise<TrytonCustomerTruth[]> {
    return this.read('customers');
  }

  invoices(): Promise<TrytonInvoiceTruth[]> {
    return this.read('invoices');
  }

  async postedInvoices(): Promise<TrytonInvoiceTruth[]> {
    return (await this.invoices()).filter((i) => i.state === 'posted');
  }

  /** Back to the freshly seeded database (every session forgotten); only this file's database is touched. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.info.groundTruthUrl}/__fixture/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`Tryton reset of ${this.info.database}: HTTP ${response.status} ${await response.text()}`);
  }

  private async read<T>(what: 'orders' | 'customers' | 'invoices'): Promise<T> {
    const response = await fetch(`${this.info.groundTruthUrl}/__fixture/${what}`);
    if (!response.ok) throw new Error(`Tryton ground truth ${what} of ${this.info.database}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
