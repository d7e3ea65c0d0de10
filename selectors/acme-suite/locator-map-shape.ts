/**
 * The shape every Acme layout's locator map fills in. Kept apart from the registry of maps
 * (locator-map.ts), which imports each layout, so a layout file depends on this shape and nothing else.
 */
import type { ScreenSpec } from '../locator-spec.ts';

/** Layout versions of the Acme Finance Suite we have maps for; the page says which one it is. */
export const ACME_LAYOUTS = ['v1', 'v2'] as const;
export type AcmeLayout = (typeof ACME_LAYOUTS)[number];

/** The <meta name> every Acme page stamps its layout version in. */
export const ACME_LAYOUT_META = 'acme-layout';

/** Every screen the bots use and the business names of its elements. A new layout fills in all of them. */
export interface AcmeLocatorMap {
  layout: AcmeLayout;
  screens: {
    login: ScreenSpec<'userName' | 'password' | 'logIn' | 'sessionExpired' | 'validationSummary'>;
    home: ScreenSpec<'businessDate' | 'customersMenu' | 'newSalesOrderMenu' | 'orderSearchMenu' | 'receivablesMenu' | 'invoicesMenu' | 'logoutMenu'>;
    customerSearch: ScreenSpec<'query' | 'search' | 'results' | 'noResults'>;
    customer: ScreenSpec<
      'newSalesOrder' | 'statement' | 'name' | 'idType' | 'idNumber' | 'email' | 'language' | 'riskTolerance' | 'creditGrade' | 'blocked' | 'accountManager'
    >;
    product: ScreenSpec<'name' | 'riskLevel' | 'minAmount' | 'maxAmount' | 'terms' | 'currencies' | 'status'>;
    branches: ScreenSpec<'branches'>;
    orderEntryCustomer: ScreenSpec<'customerId' | 'customerSearch' | 'search' | 'next' | 'validationSummary'>;
    orderEntryProduct: ScreenSpec<'product' | 'amount' | 'currency' | 'next' | 'back' | 'catalogue' | 'validationSummary'>;
    orderEntryTerms: ScreenSpec<
      'term' | 'paymentMethod' | 'valueDate' | 'externalReference' | 'salesRep' | 'branch' | 'notes' | 'next' | 'back' | 'validationSummary'
    >;
    orderEntryReview: ScreenSpec<'confirm' | 'back' | 'validationSummary'>;
    orderCreated: ScreenSpec<'orderNumber'>;
    orderSearch: ScreenSpec<'externalReference' | 'orderNumber' | 'search' | 'results' | 'noResults'>;
    order: ScreenSpec<'backToSearch'>;
    receivables: ScreenSpec<'aging' | 'statementCustomer' | 'showStatement' | 'allInvoices' | 'openInvoices'>;
    invoices: ScreenSpec<'customer' | 'status' | 'overdue' | 'filter' | 'exportToExcel' | 'resultCount' | 'invoices' | 'noResults' | 'nextPage' | 'previousPage'>;
    invoice: ScreenSpec<'disputed' | 'promisedToPay' | 'save' | 'payments' | 'statement' | 'backToInvoices'>;
    statement: ScreenSpec<'customerId' | 'show' | 'openInvoices' | 'balance'>;
  };
  /** The <h1> of the suite's error and maintenance pages. */
  errorTitles: { serverError: string; maintenance: string; badGateway: string; requestRejected: string; notFound: string };
}

export type AcmeScreenName = keyof AcmeLocatorMap['screens'];
export type AcmeLocatorKey<S extends AcmeScreenName> = keyof AcmeLocatorMap['screens'][S]['locators'] & string;
