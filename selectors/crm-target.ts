import type { Page } from 'playwright-core';
import type { ReceivablesSource } from './contract/receivables-source.ts';
import type { OrderToKey } from './contract/order-to-key.ts';
import type { Settings } from '../config/settings-schema.ts';
import type { BrowserSlot } from '../core/browser/browser-pool.ts';
import type { SelectorsCheckReport } from './selectors-check-report.ts';
import type { CrmFactsReader } from './contract/crm-facts.ts';
import type { CrmTrouble } from './contract/crm-trouble.ts';

export { describeTrouble, type CrmTrouble } from './contract/crm-trouble.ts';

/** The CRM/ERP systems OrderDesk can key into and read receivables from: config's `crm.target`. */
export type CrmTargetName = Settings['crm']['target'];

/** Where the CRM is and who the bots sign in as. `database` is for systems that host several (Tryton). */
export interface CrmAccount {
  url: string;
  user: string;
  password: string;
  database?: string;
}

/** What one business verb on the CRM's screens came to: its result, the CRM's refusal in its own words, or trouble. */
export type CrmAnswer<T> = { kind: 'done'; value: T } | { kind: 'refused'; messages: string[] } | CrmTrouble;

/** How keying one order through the entry screens ended. */
export type OrderEntry =
  | { kind: 'created'; crmOrderNo: string }
  /** The CRM's own duplicate check said the order is there already: success for an exactly-once keyer. */
  | { kind: 'already_there'; crmOrderNo: string }
  | { kind: 'refused'; messages: string[] }
  /**
   * Trouble part way. `mayExist` once a press that can save the order was made: the outcome is then
   * unknown and the order must be searched for before it is keyed again.
   */
  | { kind: 'interrupted'; mayExist: boolean; trouble: CrmTrouble };

/** A clerk at the CRM in one browser context: what keying does on the target's screens. */
export interface CrmClerk {
  /** Signs in unless already signed in; throws OrderDeskError `crm_login_refused` or `crm_unavailable`. */
  ensureSignedIn(): Promise<void>;
  /** The CRM ended this context's session: the next ensureSignedIn signs in again. */
  sessionEnded(): void;
  /**
   * The CRM's number of the order carrying this external reference, or undefined when the CRM has none.
   * An order an earlier attempt left half-finished (saved, not booked) is finished here: it is ours.
   */
  findOrder(externalRef: string): Promise<CrmAnswer<string | undefined>>;
  /** Keys the order through the entry screens; a refusal carries the CRM's words. */
  enterOrder(order: OrderToKey): Promise<OrderEntry>;
}

export interface ScreensCheckOptions {
  screenTimeoutMs: number;
  /** The browser page to check with; the caller owns the browser. */
  page: Page;
}

/** One CRM/ERP the bots work on: a clerk per browser context, its receivables, its health and its screens' check. */
export interface CrmTarget {
  readonly name: CrmTargetName;
  /**
   * Whether its screens work only with their stylesheets: a single-page app that shows and hides its
   * dialogs and tabs with CSS does; a server-rendered form does not, and loads faster without them.
   */
  readonly needsStylesheets: boolean;
  /** The clerk for this browser context (the same one for the life of the context). */
  clerkFor(slot: BrowserSlot): CrmClerk;
  /**
   * Review's read-only view of the system of record in this browser context: customer, product and
   * branch facts. A target without one cannot run review on the CRM's facts (review says so at start-up).
   */
  factsReaderFor?(slot: BrowserSlot): CrmFactsReader;
  /** Whether the CRM's sign-in screen answers: the sign that paused keying may resume. */
  answers(): Promise<boolean>;
  /**
   * The dunning bot's view of the receivables, through this page, for a run dated `runDate` (YYYY-MM-DD).
   * A system that shows only due dates has its invoices aged as of that date; one that ages them itself
   * (the Acme suite, on its business date) is taken at its word.
   */
  receivablesOn(page: Page, runDate: string): ReceivablesSource;
  /** Walks every screen the bots use and reports, locator by locator, whether the map still holds. */
  checkScreens(options: ScreensCheckOptions): Promise<SelectorsCheckReport>;
}
