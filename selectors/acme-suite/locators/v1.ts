import type { AcmeLocatorMap } from '../locator-map-shape.ts';

/**
 * Acme Finance Suite 4.2, layout v1 (WebForms master page). Labels and button texts are the handles;
 * the `ctl00_Main_*` ids are kept only as the fallback when a label drifts.
 */
export const ACME_LOCATORS_V1: AcmeLocatorMap = {
  layout: 'v1',
  screens: {
    login: {
      title: 'Log in',
      locators: {
        userName: { label: 'User name', fallbackId: 'ctl00_Main_txtUserName' },
        password: { label: 'Password', fallbackId: 'ctl00_Main_txtPassword' },
        logIn: { role: 'button', name: 'Log in', fallbackId: 'ctl00_Main_btnLogin' },
        sessionExpired: { text: 'Your session has expired. Please log in again.' },
        validationSummary: { role: 'alert', fallbackId: 'ctl00_Main_valSummary' },
      },
    },
    home: {
      title: 'Acme Finance Suite — Home',
      locators: {
        businessDate: { text: /^Welcome, .*Business date: \d{4}-\d{2}-\d{2}\.$/, fallbackId: 'ctl00_Main_lblBusinessDate' },
        customersMenu: { role: 'link', name: 'Customers', fallbackId: 'ctl00_Menu_lnkCustomers' },
        newSalesOrderMenu: { role: 'link', name: 'New Sales Order', fallbackId: 'ctl00_Menu_lnkNewSalesOrder' },
        orderSearchMenu: { role: 'link', name: 'Order Search', fallbackId: 'ctl00_Menu_lnkOrderSearch' },
        receivablesMenu: { role: 'link', name: 'Receivables', fallbackId: 'ctl00_Menu_lnkReceivables' },
        invoicesMenu: { role: 'link', name: 'Invoices', fallbackId: 'ctl00_Menu_lnkInvoices' },
        logoutMenu: { role: 'link', name: 'Logout', fallbackId: 'ctl00_Menu_lnkLogout' },
      },
    },
    customerSearch: {
      title: 'Customer Search',
      locators: {
        query: { label: 'Name, customer ID or ID number', fallbackId: 'ctl00_Main_txtSearch' },
        search: { role: 'button', name: 'Search', fallbackId: 'ctl00_Main_btnSearchCustomers' },
        results: { role: 'table', withColumn: 'Customer ID', fallbackId: 'ctl00_Main_gvCustomers' },
        noResults: { text: 'No customers found.', fallbackId: 'ctl00_Main_lblCustomersEmpty' },
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
        branches: { role: 'table', withColumn: 'Branch code', fallbackId: 'ctl00_Main_gvBranches' },
      },
    },
    orderEntryCustomer: {
      title: 'Sales Order Entry — Step 1 of 4: Customer',
      locators: {
        customerId: { label: 'Customer ID', fallbackId: 'ctl00_Main_txtCustomerId' },
        customerSearch: { label: 'Search by name or ID number', fallbackId: 'ctl00_Main_txtCustomerSearch' },
        search: { role: 'button', name: 'Search', fallbackId: 'ctl00_Main_btnSearch' },
        next: { role: 'button', name: 'Next', fallbackId: 'ctl00_Main_btnNext' },
        validationSummary: { role: 'alert', fallbackId: 'ctl00_Main_valSummary' },
      },
    },
    orderEntryProduct: {
      title: 'Sales Order Entry — Step 2 of 4: Product and Amount',
      locators: {
        product: { label: 'Product', fallbackId: 'ctl00_Main_ddlProduct' },
        amount: { label: 'Amount', fallbackId: 'ctl00_Main_txtAmount' },
        currency: { label: 'Currency', fallbackId: 'ctl00_Main_ddlCurrency' },
        next: { role: 'button', name: 'Next', fallbackId: 'ctl00_Main_btnNext' },
        back: { role: 'button', name: 'Back', fallbackId: 'ctl00_Main_btnBack' },
        catalogue: { role: 'table', withColumn: 'Minimum', fallbackId: 'ctl00_Main_gvProducts' },
        validationSummary: { role: 'alert', fallbackId: 'ctl00_Main_valSummary' },
      },
    },
    orderEntryTerms: {
      title: 'Sales Order Entry — Step 3 of 4: Terms and Payment',
      locators: {
        term: { label: 'Term (months)', fallbackId: 'ctl00_Main_ddlTerm' },
        paymentMethod: { label: 'Payment method', fallbackId: 'ctl00_Main_ddlPaymentMethod' },
        valueDate: { label: 'Value date', fallbackId: 'ctl00_Main_txtValueDate' },
        externalReference: { label: 'External reference', fallbackId: 'ctl00_Main_txtExternalRef' },
        salesRep: { label: 'Sales rep', fallbackId: 'ctl00_Main_txtSalesRep' },
        branch: { label: 'Branch', fallbackId: 'ctl00_Main_ddlBranch' },
        notes: { label: 'Notes', fallbackId: 'ctl00_Main_txtNotes' },
        next: { role: 'button', name: 'Next', fallbackId: 'ctl00_Main_btnNext' },
        back: { role: 'button', name: 'Back', fallbackId: 'ctl00_Main_btnBack' },
        validationSummary: { role: 'alert', fallbackId: 'ctl00_Main_valSummary' },
      },
    },
    orderEntryReview: {
      title: 'Sales Order Entry — Step 4 of 4: Review and Confirm',
      locators: {
        confirm: { role: 'button', name: 'Confirm', fallbackId: 'ctl00_Main_btnConfirm' },
        back: { role: 'button', name: 'Back', fallbackId: 'ctl00_Main_btnBack' },
        validationSummary: { role: 'alert', fallbackId: 'ctl00_Main_valSummary' },
      },
    },
    orderCreated: {
      title: /^Order (SO-\d{4}-\d{6}) has been created$/,
      locators: {
        orderNumber: { text: /^SO-\d{4}-\d{6}$/, fallbackId: 'ctl00_Main_lblOrderNo' },
      },
    },
    orderSearch: {
      title: 'Order Search',
      locators: {
        externalReference: { label: 'External reference', fallbackId: 'ctl00_Main_txtRefSearch' },
        orderNumber: { label: 'Order number', fallbackId: 'ctl00_Main_txtOrderNo' },
        search: { role: 'button', name: 'Search', fallbackId: 'ctl00_Main_btnSearchOrders' },
        results: { role: 'table', withColumn: 'Order number', fallbackId: 'ctl00_Main_gvOrders' },
        noResults: { text: 'No orders found.', fallbackId: 'ctl00_Main_lblOrdersEmpty' },
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
        aging: { role: 'table', withColumn: 'Total outstanding', fallbackId: 'ctl00_Main_gvAging' },
        statementCustomer: { label: 'Customer ID', fallbackId: 'ctl00_Main_txtStatementCustomer' },
        showStatement: { role: 'button', name: 'Show statement', fallbackId: 'ctl00_Main_btnShowStatement' },
        allInvoices: { role: 'link', name: 'All invoices' },
        openInvoices: { role: 'link', name: 'Open invoices' },
      },
    },
    invoices: {
      title: 'Invoices',
      locators: {
        customer: { label: 'Customer', fallbackId: 'ctl00_Main_txtCustomer' },
        status: { label: 'Status', fallbackId: 'ctl00_Main_ddlStatus' },
        overdue: { label: 'Overdue', fallbackId: 'ctl00_Main_ddlOverdue' },
        filter: { role: 'button', name: 'Filter', fallbackId: 'ctl00_Main_btnFilter' },
        exportToExcel: { role: 'button', name: 'Export to Excel', fallbackId: 'ctl00_Main_btnExport' },
        resultCount: { text: /^Page \d+ of \d+ \(\d+ invoices\)$/, fallbackId: 'ctl00_Main_lblCount' },
        invoices: { role: 'table', withColumn: 'Invoice No', fallbackId: 'ctl00_Main_gvInvoices' },
        noResults: { text: 'No invoices found.', fallbackId: 'ctl00_Main_lblInvoicesEmpty' },
        nextPage: { role: 'link', name: 'Next »' },
        previousPage: { role: 'link', name: '« Prev' },
      },
    },
    invoice: {
      title: /^Invoice (\S+)$/,
      locators: {
        disputed: { label: 'Disputed', fallbackId: 'ctl00_Main_chkDisputed' },
        promisedToPay: { label: 'Promised to pay on', fallbackId: 'ctl00_Main_txtPromisedToPay' },
        save: { role: 'button', name: 'Save', fallbackId: 'ctl00_Main_btnSave' },
        payments: { role: 'table', withColumn: 'Reference', fallbackId: 'ctl00_Main_gvPayments' },
        statement: { role: 'link', name: 'Customer statement' },
        backToInvoices: { role: 'link', name: 'Back to invoices' },
      },
    },
    statement: {
      title: /^Customer Statement(?: — (C\d+))?$/,
      locators: {
        customerId: { label: 'Customer ID', fallbackId: 'ctl00_Main_txtStatementCustomer' },
        show: { role: 'button', name: 'Show statement', fallbackId: 'ctl00_Main_btnShowStatement' },
        openInvoices: { role: 'table', withColumn: 'Days Overdue', fallbackId: 'ctl00_Main_gvOpenInvoices' },
        balance: { role: 'table', withColumn: 'Balance outstanding', fallbackId: 'ctl00_Main_gvBalance' },
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
