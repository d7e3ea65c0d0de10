import type { AcmeLocatorMap } from '../locator-map-shape.ts';

/**
 * Acme Finance Suite 5.0, layout v2 (the redesign): same labels and button texts as v1, new
 * `MainContent_*` ids, fields in another order and wrapped in fieldsets. The menu lost its ids, so
 * menu links have no fallback here.
 */
export const ACME_LOCATORS_V2: AcmeLocatorMap = {
  layout: 'v2',
  screens: {
    login: {
      title: 'Log in',
      locators: {
        userName: { label: 'User name', fallbackId: 'MainContent_UserNameInput' },
        password: { label: 'Password', fallbackId: 'MainContent_PasswordInput' },
        logIn: { role: 'button', name: 'Log in', fallbackId: 'MainContent_SignInButton' },
        sessionExpired: { text: 'Your session has expired. Please log in again.' },
        validationSummary: { role: 'alert', fallbackId: 'MainContent_ValidationSummary' },
      },
    },
    home: {
      title: 'Acme Finance Suite — Home',
      locators: {
        businessDate: { text: /^Welcome, .*Business date: \d{4}-\d{2}-\d{2}\.$/, fallbackId: 'MainContent_BusinessDate' },
        customersMenu: { role: 'link', name: 'Customers' },
        newSalesOrderMenu: { role: 'link', name: 'New Sales Order' },
        orderSearchMenu: { role: 'link', name: 'Order Search' },
        receivablesMenu: { role: 'link', name: 'Receivables' },
        invoicesMenu: { role: 'link', name: 'Invoices' },
        logoutMenu: { role: 'link', name: 'Logout' },
      },
    },
    customerSearch: {
      title: 'Customer Search',
      locators: {
        query: { label: 'Name, customer ID or ID number', fallbackId: 'MainContent_CustomerQueryInput' },
        search: { role: 'button', name: 'Search', fallbackId: 'MainContent_SearchCustomersButton' },
        results: { role: 'table', withColumn: 'Customer ID', fallbackId: 'MainContent_CustomersTable' },
        noResults: { text: 'No customers found.', fallbackId: 'MainContent_CustomersEmpty' },
      },
    },
    customer: {
      title: /^Customer (C\d+)$/,
      locators: {
        newSalesOrder: { role: 'link', name: 'New sales order for this customer' },
        statement: { role: 'link', name: 'Customer statement' },
        // The record's labels: review reads the value beside each (the labels carry no stable id).
        name: { text: 'Name' },
        idType: { text: 'ID type' },
        idNumber: { text: 'ID number' },
        email: { text: 'E-mail' },
        language: { text: 'Preferred language' },
        riskTolerance: { text: 'Risk tolerance' },
        creditGrade: { text: 'Credit grade' },
        blocked: { text: 'Blocked' },
        accountManager: { text: 'Account manager' },
      },
    },
    product: {
      title: /^Product (\S+)$/,
      locators: {
        name: { text: 'Name' },
        riskLevel: { text: 'Risk level' },
        minAmount: { text: 'Minimum amount' },
        maxAmount: { text: 'Maximum amount' },
        terms: { text: 'Terms (months)' },
        currencies: { text: 'Currencies' },
        status: { text: 'Status' },
      },
    },
    branches: {
      title: 'Branches',
      locators: {
        branches: { role: 'table', withColumn: 'Branch code', fallbackId: 'MainContent_BranchesTable' },
      },
    },
    orderEntryCustomer: {
      title: 'Sales Order Entry — Step 1 of 4: Customer',
      locators: {
        customerId: { label: 'Customer ID', fallbackId: 'MainContent_CustomerIdInput' },
        customerSearch: { label: 'Search by name or ID number', fallbackId: 'MainContent_CustomerSearchInput' },
        search: { role: 'button', name: 'Search', fallbackId: 'MainContent_SearchButton' },
        next: { role: 'button', name: 'Next', fallbackId: 'MainContent_NextButton' },
        validationSummary: { role: 'alert', fallbackId: 'MainContent_ValidationSummary' },
      },
    },
    orderEntryProduct: {
      title: 'Sales Order Entry — Step 2 of 4: Product and Amount',
      locators: {
        product: { label: 'Product', fallbackId: 'MainContent_ProductSelect' },
        amount: { label: 'Amount', fallbackId: 'MainContent_AmountInput' },
        currency: { label: 'Currency', fallbackId: 'MainContent_CurrencySelect' },
        next: { role: 'button', name: 'Next', fallbackId: 'MainContent_NextButton' },
        back: { role: 'button', name: 'Back', fallbackId: 'MainContent_BackButton' },
        catalogue: { role: 'table', withColumn: 'Minimum', fallbackId: 'MainContent_ProductsTable' },
        validationSummary: { role: 'alert', fallbackId: 'MainContent_ValidationSummary' },
      },
    },
    orderEntryTerms: {
      title: 'Sales Order Entry — Step 3 of 4: Terms and Payment',
      locators: {
        term: { label: 'Term (months)', fallbackId: 'MainContent_TermSelect' },
        paymentMethod: { label: 'Payment method', fallbackId: 'MainContent_PaymentMethodSelect' },
        valueDate: { label: 'Value date', fallbackId: 'MainContent_ValueDateInput' },
        externalReference: { label: 'External reference', fallbackId: 'MainContent_ExternalReferenceInput' },
        salesRep: { label: 'Sales rep', fallbackId: 'MainContent_SalesRepInput' },
        branch: { label: 'Branch', fallbackId: 'MainContent_BranchSelect' },
        notes: { label: 'Notes', fallbackId: 'MainContent_NotesInput' },
        next: { role: 'button', name: 'Next', fallbackId: 'MainContent_NextButton' },
        back: { role: 'button', name: 'Back', fallbackId: 'MainContent_BackButton' },
        validationSummary: { role: 'alert', fallbackId: 'MainContent_ValidationSummary' },
      },
    },
    orderEntryReview: {
      title: 'Sales Order Entry — Step 4 of 4: Review and Confirm',
      locators: {
        confirm: { role: 'button', name: 'Confirm', fallbackId: 'MainContent_ConfirmButton' },
        back: { role: 'button', name: 'Back', fallbackId: 'MainContent_BackButton' },
        validationSummary: { role: 'alert', fallbackId: 'MainContent_ValidationSummary' },
      },
    },
    orderCreated: {
      title: /^Order (SO-\d{4}-\d{6}) has been created$/,
      locators: {
        orderNumber: { text: /^SO-\d{4}-\d{6}$/, fallbackId: 'MainContent_OrderNumber' },
      },
    },
    orderSearch: {
      title: 'Order Search',
      locators: {
        externalReference: { label: 'External reference', fallbackId: 'MainContent_ExternalReferenceQueryInput' },
        orderNumber: { label: 'Order number', fallbackId: 'MainContent_OrderNumberQueryInput' },
        search: { role: 'button', name: 'Search', fallbackId: 'MainContent_SearchOrdersButton' },
        results: { role: 'table', withColumn: 'Order number', fallbackId: 'MainContent_OrdersTable' },
        noResults: { text: 'No orders found.', fallbackId: 'MainContent_OrdersEmpty' },
      },
    },
    order: {
      title: /^Sales Order (SO-\d{4}-\d{6})$/,
      locators: {
        backToSearch: { role: 'link', name: 'Back to order search' },
      },
    },
    receivables: {
      title: 'Receivables',
      locators: {
        aging: { role: 'table', withColumn: 'Total outstanding', fallbackId: 'MainContent_AgingTable' },
        statementCustomer: { label: 'Customer ID', fallbackId: 'MainContent_StatementCustomerInput' },
        showStatement: { role: 'button', name: 'Show statement', fallbackId: 'MainContent_ShowStatementButton' },
        allInvoices: { role: 'link', name: 'All invoices' },
        openInvoices: { role: 'link', name: 'Open invoices' },
      },
    },
    invoices: {
      title: 'Invoices',
      locators: {
        customer: { label: 'Customer', fallbackId: 'MainContent_CustomerFilterInput' },
        status: { label: 'Status', fallbackId: 'MainContent_StatusFilterSelect' },
        overdue: { label: 'Overdue', fallbackId: 'MainContent_OverdueFilterSelect' },
        filter: { role: 'button', name: 'Filter', fallbackId: 'MainContent_FilterButton' },
        exportToExcel: { role: 'button', name: 'Export to Excel', fallbackId: 'MainContent_ExportToExcelButton' },
        resultCount: { text: /^Page \d+ of \d+ \(\d+ invoices\)$/, fallbackId: 'MainContent_ResultCount' },
        invoices: { role: 'table', withColumn: 'Invoice No', fallbackId: 'MainContent_InvoicesTable' },
        noResults: { text: 'No invoices found.', fallbackId: 'MainContent_InvoicesEmpty' },
        nextPage: { role: 'link', name: 'Next »' },
        previousPage: { role: 'link', name: '« Prev' },
      },
    },
    invoice: {
      title: /^Invoice (\S+)$/,
      locators: {
        disputed: { label: 'Disputed', fallbackId: 'MainContent_DisputedCheckbox' },
        promisedToPay: { label: 'Promised to pay on', fallbackId: 'MainContent_PromisedToPayInput' },
        save: { role: 'button', name: 'Save', fallbackId: 'MainContent_SaveButton' },
        payments: { role: 'table', withColumn: 'Reference', fallbackId: 'MainContent_PaymentsTable' },
        statement: { role: 'link', name: 'Customer statement' },
        backToInvoices: { role: 'link', name: 'Back to invoices' },
      },
    },
    statement: {
      title: /^Customer Statement(?: — (C\d+))?$/,
      locators: {
        customerId: { label: 'Customer ID', fallbackId: 'MainContent_StatementCustomerInput' },
        show: { role: 'button', name: 'Show statement', fallbackId: 'MainContent_ShowStatementButton' },
        openInvoices: { role: 'table', withColumn: 'Days Overdue', fallbackId: 'MainContent_OpenInvoicesTable' },
        balance: { role: 'table', withColumn: 'Balance outstanding', fallbackId: 'MainContent_BalanceTable' },
      },
    },
  },
  errorTitles: {
    serverError: 'Server Error',
    maintenance: 'System maintenance',
    badGateway: 'Bad Gateway',
    requestRejected: 'Request rejected',
    notFound: 'Not Found',
  },
};
