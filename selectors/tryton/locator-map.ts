import type { LocatorRole } from '../locator-spec.ts';

/** Roles sao's screens are read by, beyond the shared ones: its dialogs, grid rows, tab domains and menus. */
export type TrytonRole = LocatorRole | 'dialog' | 'row' | 'tab' | 'tablist' | 'tabpanel' | 'menuitem' | 'columnheader';

/**
 * One element of a sao screen, as data. sao labels end in a colon ("Party:"); its buttons are named by
 * their title. The fallback is the Tryton field name (`name="party"` on the input), stable across
 * translations and releases, used only when the label drifts.
 */
export type TrytonLocatorSpec =
  | { label: string | RegExp; fallbackField?: string }
  | { role: TrytonRole; name?: string | RegExp; fallbackField?: string }
  | { text: string | RegExp };

/** A screen: what identifies it (a tab title, a dialog heading) and its elements by business name. */
export interface TrytonScreenSpec<K extends string> {
  title: string | RegExp;
  locators: Record<K, TrytonLocatorSpec>;
}

/** Every sao screen the bots use. A new sao release fills in all of them in a new map (v2, ...). */
export interface TrytonLocatorMap {
  layout: 'v1';
  screens: {
    login: TrytonScreenSpec<'userName' | 'logIn' | 'password' | 'ok'>;
    home: TrytonScreenSpec<'actionSearch' | 'logout' | 'tabList' | 'closeTab'>;
    list: TrytonScreenSpec<'newRecord' | 'relate' | 'more' | 'grid'>;
    customers: TrytonScreenSpec<'search' | 'grid'>;
    saleForm: TrytonScreenSpec<'party' | 'reference' | 'currency' | 'number' | 'state' | 'invoiceAddress' | 'lines' | 'newLine' | 'quote' | 'confirm' | 'save'>;
    saleLine: TrytonScreenSpec<'product' | 'quantity' | 'unitPrice' | 'ok' | 'delete'>;
    searchDialog: TrytonScreenSpec<'grid' | 'ok' | 'cancel'>;
    /** The parties' "Payable/Receivable Lines" (Receivable tab): the open lines with their due dates and invoices. */
    receivableLines: TrytonScreenSpec<'openFromParties' | 'receivableTab' | 'grid' | 'tabMenu' | 'maturityDate' | 'amount' | 'currency' | 'invoice'>;
    /** sao's message boxes: a UserError/UserWarning (the ERP's refusal) and an application error (a crash). */
    messages: TrytonScreenSpec<'alert' | 'ok' | 'applicationError' | 'close' | 'discardChanges'>;
    /** What every list tab shows: its record count ("_ / 75"), the Close Tab entry of its menu, and sao's busy sign. */
    listTab: TrytonScreenSpec<'recordCount' | 'previousPage' | 'closeTab' | 'busy'>;
    /** The lists the receivables are read from; each opened under its own tab name, which names its tab menu. */
    /** Sales → Sales searched by reference, opened under its own tab name: the keying bot's search before and after keying. */
    saleList: TrytonScreenSpec<'tabMenu' | 'grid' | 'number' | 'reference' | 'party' | 'saleDate' | 'state'>;
    customerInvoices: TrytonScreenSpec<'tabMenu' | 'grid' | 'number' | 'invoiceDate' | 'party' | 'total'>;
    partyList: TrytonScreenSpec<'tabMenu' | 'grid' | 'code' | 'name' | 'language'>;
    contactMechanisms: TrytonScreenSpec<'tabMenu' | 'grid' | 'value'>;
    currencies: TrytonScreenSpec<'tabMenu' | 'grid' | 'name' | 'symbol' | 'code'>;
  };
}

export type TrytonScreenName = keyof TrytonLocatorMap['screens'];
export type TrytonLocatorKey<S extends TrytonScreenName> = keyof TrytonLocatorMap['screens'][S]['locators'] & string;
