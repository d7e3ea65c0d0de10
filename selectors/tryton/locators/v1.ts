import type { TrytonLocatorMap } from '../locator-map.ts';

/**
 * Tryton 6.0's sao web client (Debian's tryton-sao 6.0), English. Labels and button titles first; the
 * Tryton field name only as the fallback.
 */
export const TRYTON_LOCATORS_V1: TrytonLocatorMap = {
  layout: 'v1',
  screens: {
    login: {
      title: 'Login',
      locators: {
        userName: { label: 'User name' },
        logIn: { role: 'button', name: 'Login' },
        // The second dialog of the log-in asks for the password of the user just named.
        password: { label: /^Password for / },
        ok: { role: 'button', name: 'OK' },
      },
    },
    home: {
      title: 'Tryton',
      locators: {
        actionSearch: { role: 'textbox', name: 'Action' },
        logout: { role: 'link', name: 'Logout' },
        // The bar of open tabs (form notebooks are tablists too, but their tabs have no Close button).
        tabList: { role: 'tablist' },
        closeTab: { role: 'button', name: 'Close' },
      },
    },
    list: {
      title: /.*/,
      locators: {
        newRecord: { role: 'button', name: 'New' },
        relate: { role: 'button', name: 'Open related records' },
        more: { role: 'button', name: 'More' },
        grid: { role: 'table' },
      },
    },
    customers: {
      title: 'Parties',
      locators: {
        // The filter box has a datalist of suggestions, which makes it a combobox.
        search: { role: 'combobox', name: 'Search' },
        grid: { role: 'table' },
      },
    },
    saleForm: {
      title: 'Sales',
      locators: {
        party: { label: 'Party:', fallbackField: 'party' },
        reference: { label: 'Reference:', fallbackField: 'reference' },
        currency: { label: 'Currency:', fallbackField: 'currency' },
        number: { label: 'Number:', fallbackField: 'number' },
        state: { label: 'State:', fallbackField: 'state' },
        invoiceAddress: { label: 'Invoice Address:', fallbackField: 'invoice_address' },
        lines: { label: 'Lines' },
        newLine: { role: 'button', name: 'New' },
        quote: { role: 'button', name: 'Quote', fallbackField: 'quote' },
        confirm: { role: 'button', name: 'Confirm', fallbackField: 'confirm' },
        save: { role: 'button', name: 'Save' },
      },
    },
    saleLine: {
      // sao titles a one2many's dialog "<tab name> › Lines".
      title: / › Lines$/,
      locators: {
        product: { label: 'Product:', fallbackField: 'product' },
        // Numbers have a text and a number input under one label; the text one is the visible one.
        quantity: { role: 'textbox', name: 'Quantity:', fallbackField: 'quantity' },
        unitPrice: { role: 'textbox', name: 'Unit Price:', fallbackField: 'unit_price' },
        ok: { role: 'button', name: 'OK' },
        // On a line not yet added, Delete drops it and closes the dialog (the selectors check's way out).
        delete: { role: 'button', name: 'Delete' },
      },
    },
    searchDialog: {
      title: /^Search /,
      locators: {
        grid: { role: 'table' },
        ok: { role: 'button', name: 'OK' },
        cancel: { role: 'button', name: 'Cancel' },
      },
    },
    receivableLines: {
      title: 'Payable/Receivable Lines',
      locators: {
        // The party list's "Open related records" entry that lists those parties' open receivable lines.
        openFromParties: { role: 'menuitem', name: 'Payable/Receivable Lines' },
        receivableTab: { role: 'tab', name: /^Receivable\b/ },
        grid: { role: 'table' },
        // sao names the tab after the action and, for one party, the party: "Payable/Receivable Lines (…)".
        tabMenu: { role: 'button', name: /^Payable\/Receivable Lines\b/ },
        maturityDate: { role: 'columnheader', name: 'Maturity Date' },
        amount: { role: 'columnheader', name: 'Amount' },
        // The currency of Amount, by name ("Chinese Yuan Renminbi").
        currency: { role: 'columnheader', name: 'Amount Currency' },
        // The move's origin: the invoice, as "Invoice,INV2026-0072 [SO-SEED-001-1]".
        invoice: { role: 'columnheader', name: 'Move Origin' },
      },
    },
    messages: {
      title: /.*/,
      locators: {
        alert: { role: 'alert' },
        ok: { role: 'button', name: 'OK' },
        applicationError: { role: 'heading', name: 'Application Error' },
        close: { role: 'button', name: 'Close' },
        // "This record has been modified, do you want to save it?" (Cancel / No / Yes): No discards.
        discardChanges: { role: 'button', name: 'No' },
      },
    },
    listTab: {
      title: /.*/,
      locators: {
        // The toolbar badge: the selected record's position (or _) over the records the list holds.
        recordCount: { text: /^(?:_|\d+) \/ \d+/ },
        // The filter bar's previous-page button (aria-label; the toolbar's record Previous has only a title):
        // enabled while a new tab waits for its search, disabled by sao when the first page has come.
        previousPage: { label: 'Previous' },
        // In the menu under the tab's name (sao's Alt+W).
        closeTab: { role: 'menuitem', name: 'Close Tab' },
        // sao shows "Processing..." while a request has taken longer than half a second.
        busy: { text: /^Processing/ },
      },
    },
    customerInvoices: {
      title: 'Customer Invoices',
      locators: {
        tabMenu: { role: 'button', name: 'Customer Invoices' },
        grid: { role: 'table' },
        number: { role: 'columnheader', name: 'Number' },
        invoiceDate: { role: 'columnheader', name: 'Invoice Date' },
        party: { role: 'columnheader', name: 'Party' },
        total: { role: 'columnheader', name: 'Total' },
      },
    },
    saleList: {
      title: 'Sale search',
      locators: {
        tabMenu: { role: 'button', name: 'Sale search' },
        grid: { role: 'table' },
        number: { role: 'columnheader', name: 'Number' },
        reference: { role: 'columnheader', name: 'Reference' },
        party: { role: 'columnheader', name: 'Party' },
        saleDate: { role: 'columnheader', name: 'Sale Date' },
        state: { role: 'columnheader', name: 'State' },
      },
    },
    partyList: {
      title: 'Customers',
      locators: {
        tabMenu: { role: 'button', name: 'Customers' },
        grid: { role: 'table' },
        code: { role: 'columnheader', name: 'Code' },
        name: { role: 'columnheader', name: 'Name' },
        language: { role: 'columnheader', name: 'Language' },
      },
    },
    contactMechanisms: {
      title: 'Contact Mechanisms',
      locators: {
        tabMenu: { role: 'button', name: 'Contact Mechanisms' },
        grid: { role: 'table' },
        value: { role: 'columnheader', name: 'Value' },
      },
    },
    currencies: {
      title: 'Currencies',
      locators: {
        tabMenu: { role: 'button', name: 'Currencies' },
        grid: { role: 'table' },
        name: { role: 'columnheader', name: 'Name' },
        symbol: { role: 'columnheader', name: 'Symbol' },
        code: { role: 'columnheader', name: 'Code' },
      },
    },
  },
};
