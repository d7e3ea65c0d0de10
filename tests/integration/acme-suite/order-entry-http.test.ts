import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeHttpClient, keyOrderToReview, requireHidden, titleOf, type HttpPage } from './acme-http-client.ts';

const TODAY = '2026-03-15';

interface FixtureCustomer {
  id: string;
  name: string;
  idNumber: string;
  blocked: boolean;
  riskTolerance: string;
}

describe('acme suite: order entry wizard over HTTP', () => {
  let suite: AcmeSuiteHandle;
  let client: AcmeHttpClient;
  let customers: FixtureCustomer[];

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, today: TODAY, seed: 99 });
    client = new AcmeHttpClient(suite.url);
    await client.login(suite.credentials.user, suite.credentials.password);
    customers = (await (await fetch(`${suite.url}/__fixture/customers`)).json()) as FixtureCustomer[];
  });
  afterAll(async () => {
    await suite?.close();
  });

  const hidden = (page: HttpPage): Record<string, string> => ({
    __RequestVerificationToken: requireHidden(page.html, '__RequestVerificationToken'),
    __WIZARDID: requireHidden(page.html, '__WIZARDID'),
    __STEP: requireHidden(page.html, '__STEP'),
  });
  const eligible = (): FixtureCustomer => {
    const c = customers.find((x) => !x.blocked && x.riskTolerance === 'C5');
    if (!c) throw new Error('no C5 customer in seed 99');
    return c;
  };

  it('sends a jump to step 3 without steps 1–2 back to step 1 with a message', async () => {
    const start = await client.get('/CRM/SalesOrderEntry.aspx');
    expect(titleOf(start.html)).toMatch(/^Sales Order Entry — Step 1 of 4: Customer/);
    const wid = requireHidden(start.html, '__WIZARDID');
    const jumped = await client.get(`/CRM/SalesOrderEntry.aspx?wid=${wid}&step=3`);
    expect(jumped.path).toBe(`/CRM/SalesOrderEntry.aspx?wid=${wid}&step=1`);
    expect(titleOf(jumped.html)).toContain('Step 1 of 4');
    expect(jumped.html).toContain('Please complete the previous steps first.');

    const posted = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(jumped), __STEP: '3', ctl00$Main$btnNext: 'Next' });
    expect(titleOf(posted.html)).toContain('Step 1 of 4');

    const unknown = await client.get('/CRM/SalesOrderEntry.aspx?wid=nope&step=2');
    expect(titleOf(unknown.html)).toContain('Step 1 of 4');
    expect(unknown.html).toContain('Your order entry was not found or has expired.');
  });

  it('shows validation messages in the summary and next to the field', async () => {
    const blocked = customers.find((c) => c.blocked);
    const start = await client.get('/CRM/SalesOrderEntry.aspx');
    const empty = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(start), ctl00$Main$txtCustomerId: '', ctl00$Main$btnNext: 'Next' });
    expect(empty.html).toMatch(/role="alert"[\s\S]*<li>Customer ID is required<\/li>/);
    expect(empty.html).toContain('<span id="ctl00_Main_valCustomerId" class="validator">Customer ID is required</span>');

    const unknown = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(empty), ctl00$Main$txtCustomerId: 'C999999', ctl00$Main$btnNext: 'Next' });
    expect(unknown.html).toContain('Unknown customer C999999');

    const isBlocked = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(unknown), ctl00$Main$txtCustomerId: blocked?.id ?? '', ctl00$Main$btnNext: 'Next' });
    expect(isBlocked.html).toContain('Customer is blocked');
    expect(titleOf(isBlocked.html)).toContain('Step 1 of 4');
  });

  it('finds and selects a customer by ID number on step 1', async () => {
    const target = eligible();
    const start = await client.get('/CRM/SalesOrderEntry.aspx');
    const found = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(start), ctl00$Main$txtCustomerId: '', ctl00$Main$txtCustomerSearch: target.idNumber, ctl00$Main$btnSearch: 'Search',
    });
    expect(found.html).toContain(`name="ctl00$Main$btnSelect" value="${target.id}"`);
    const selected = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(found), ctl00$Main$txtCustomerId: '', ctl00$Main$txtCustomerSearch: target.idNumber, ctl00$Main$btnSelect: target.id,
    });
    expect(selected.html).toContain(`value="${target.id}"`);
    const step2 = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(selected), ctl00$Main$txtCustomerId: target.id, ctl00$Main$txtCustomerSearch: target.idNumber, ctl00$Main$btnNext: 'Next',
    });
    expect(titleOf(step2.html)).toBe('Sales Order Entry — Step 2 of 4: Product and Amount - Acme Finance Suite');
    expect(step2.html).toContain(`Customer: ${target.id} ${target.name}`);
    expect(step2.html).toContain('<option value="CNY" selected>CNY</option>');

    const cautious = customers.find((c) => !c.blocked && c.riskTolerance === 'C1');
    expect(cautious).toBeDefined();
    const s = await client.get('/CRM/SalesOrderEntry.aspx');
    const s2 = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(s), ctl00$Main$txtCustomerId: cautious?.id ?? '', ctl00$Main$btnNext: 'Next' });
    const refused = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(s2), ctl00$Main$ddlProduct: 'SN-R5-FXR', ctl00$Main$txtAmount: '500000', ctl00$Main$ddlCurrency: 'USD', ctl00$Main$btnNext: 'Next',
    });
    expect(refused.html).toContain('Product risk R5 exceeds customer risk tolerance C1');
  });

  it('limits the term select to the product and refuses a past value date', async () => {
    const start = await client.get('/CRM/SalesOrderEntry.aspx');
    const s2 = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(start), ctl00$Main$txtCustomerId: eligible().id, ctl00$Main$btnNext: 'Next' });
    const s3 = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(s2), ctl00$Main$ddlProduct: 'SN-R4-CSI', ctl00$Main$txtAmount: '1,500,000', ctl00$Main$ddlCurrency: 'HKD', ctl00$Main$btnNext: 'Next',
    });
    expect(titleOf(s3.html)).toContain('Step 3 of 4: Terms and Payment');
    const termSelect = /<select id="ctl00_Main_ddlTerm"[^>]*>([\s\S]*?)<\/select>/.exec(s3.html)?.[1] ?? '';
    expect([...termSelect.matchAll(/value="(\d+)"/g)].map((m) => m[1])).toEqual(['6', '12', '18']);
    const refused = await client.post('/CRM/SalesOrderEntry.aspx', {
      ...hidden(s3), ctl00$Main$ddlTerm: '6', ctl00$Main$ddlPaymentMethod: 'cash', ctl00$Main$txtValueDate: '2026-03-14',
      ctl00$Main$txtExternalRef: 'PAST-1', ctl00$Main$txtSalesRep: 'Li Na', ctl00$Main$ddlBranch: 'SZ-FT', ctl00$Main$txtNotes: '', ctl00$Main$btnNext: 'Next',
    });
    expect(refused.html).toContain('Value date must not be in the past');
    expect(refused.html).toContain('value="PAST-1"');
    const back = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(refused), ctl00$Main$btnBack: 'Back' });
    expect(titleOf(back.html)).toContain('Step 2 of 4');
    expect(back.html).toContain('value="1,500,000"');
  });

  it('creates an order with a sequential number, finds it, and refuses its external reference again', async () => {
    const input = {
      customerId: eligible().id, productCode: 'FD-R3-BAL', amount: '88,000.5', currency: 'USD', termMonths: '24',
      paymentMethod: 'bank_transfer', valueDate: '2026/03/20', externalRef: 'PO-HTTP-0001', salesRep: 'Wang Fang',
      branch: 'GZ-TH', notes: 'first order <b>bold</b>',
    };
    const { page: review, confirmForm } = await keyOrderToReview(client, input);
    expect(review.html).toContain('88,000.50');
    expect(review.html).toContain('2026-03-20');
    expect(review.html).toContain('first order &lt;b&gt;bold&lt;/b&gt;');
    const created = await client.post('/CRM/SalesOrderEntry.aspx', confirmForm);
    expect(titleOf(created.html)).toMatch(/^Order SO-2026-\d{6} has been created/);
    const orderNo = /Order (SO-2026-\d{6}) has been created/.exec(created.html)?.[1] ?? '';

    const second = await keyOrderToReview(client, { ...input, externalRef: 'PO-HTTP-0002' });
    const created2 = await client.post('/CRM/SalesOrderEntry.aspx', second.confirmForm);
    const orderNo2 = /Order (SO-2026-\d{6}) has been created/.exec(created2.html)?.[1] ?? '';
    expect(Number(orderNo2.slice(-6))).toBe(Number(orderNo.slice(-6)) + 1);

    // Posting the same confirm again shows the created order, not a second order.
    const resubmit = await client.post('/CRM/SalesOrderEntry.aspx', confirmForm);
    expect(titleOf(resubmit.html)).toContain(`Order ${orderNo} has been created`);

    const orders = (await (await fetch(`${suite.url}/__fixture/orders`)).json()) as Record<string, unknown>[];
    expect(orders.filter((o) => o.externalRef === 'PO-HTTP-0001')).toEqual([
      expect.objectContaining({
        orderNo, customerId: input.customerId, productCode: 'FD-R3-BAL', amount: '88000.50', currency: 'USD', termMonths: 24,
        paymentMethod: 'bank_transfer', valueDate: '2026-03-20', salesRep: 'Wang Fang', branch: 'GZ-TH', notes: 'first order <b>bold</b>',
        createdBy: 'clerk',
      }),
    ]);

    const search = await client.get('/CRM/OrderSearch.aspx?ref=PO-HTTP-0001');
    expect(search.html).toContain(`<a href="/CRM/Order.aspx?no=${orderNo}">${orderNo}</a>`);
    const none = await client.get('/CRM/OrderSearch.aspx?ref=NO-SUCH-REF');
    expect(none.html).toContain('No orders found.');
    const detail = await client.get(`/CRM/Order.aspx?no=${orderNo}`);
    expect(detail.html).toContain('PO-HTTP-0001');
    expect(detail.html).toContain('Booked');

    await expect(keyOrderToReview(client, { ...input, externalRef: 'po-http-0001' })).rejects.toThrow(
      `An order with external reference po-http-0001 already exists: ${orderNo}`,
    );
  });

  it('serves the customer search and customer page', async () => {
    const target = eligible();
    const search = await client.get(`/CRM/CustomerSearch.aspx?q=${encodeURIComponent(target.idNumber)}`);
    expect(search.html).toContain(`<a href="/CRM/Customer.aspx?id=${target.id}">${target.id}</a>`);
    const page = await client.get(`/CRM/Customer.aspx?id=${target.id}`);
    expect(titleOf(page.html)).toMatch(new RegExp(`^Customer ${target.id}`));
    expect(page.html).toContain(target.idNumber);
    expect((await client.get('/CRM/Customer.aspx?id=C999999')).status).toBe(404);
  });
});
