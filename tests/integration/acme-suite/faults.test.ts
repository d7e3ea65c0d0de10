import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSuite, type AcmeFaults, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeHttpClient, keyOrderToReview, labelsOf, titleOf, type OrderInput } from './acme-http-client.ts';

const TODAY = '2026-03-15';

interface FixtureOrder {
  orderNo: string;
  externalRef: string;
  amount: string;
}

describe('acme suite: fault knobs and the admin endpoint', () => {
  let suite: AcmeSuiteHandle;
  let eligibleCustomer = '';

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, today: TODAY, adminToken: 'test-admin-token' });
    const customers = (await (await fetch(`${suite.url}/__fixture/customers`)).json()) as { id: string; blocked: boolean; riskTolerance: string }[];
    eligibleCustomer = customers.find((c) => !c.blocked && c.riskTolerance >= 'C3')?.id ?? '';
  });
  afterEach(() => {
    suite.setFaults({ latencyMs: 0, errorRate: 0, sessionExpiry: false, ambiguousSubmit: false, maintenance: false, layout: 'v1' });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const order = (externalRef: string): OrderInput => ({
    customerId: eligibleCustomer,
    productCode: 'BD-R1-GOV',
    amount: '120,000.00',
    termMonths: '12',
    paymentMethod: 'direct_debit',
    valueDate: TODAY,
    externalRef,
    salesRep: 'Chen Jing',
    branch: 'BJ-CY',
  });

  const postFaults = (body: unknown, token?: string): Promise<Response> =>
    fetch(`${suite.url}/__fixture/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Fixture-Token': token } : {}) },
      body: JSON.stringify(body),
    });

  const fixtureOrders = async (): Promise<FixtureOrder[]> =>
    (await (await fetch(`${suite.url}/__fixture/orders`)).json()) as FixtureOrder[];

  it('exposes the admin token on the handle and requires it on POST /__fixture/*', async () => {
    expect(suite.adminToken).toBe('test-admin-token');
    expect((await postFaults({ maintenance: true })).status).toBe(403);
    expect((await postFaults({ maintenance: true }, 'wrong-token')).status).toBe(403);
    expect((await fetch(`${suite.url}/__fixture/reset`, { method: 'POST' })).status).toBe(403);
    expect(((await (await fetch(`${suite.url}/__fixture/faults`)).json()) as AcmeFaults).maintenance).toBe(false);

    const ok = await postFaults({ latencyMs: 5, layout: 'v2' }, suite.adminToken);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as AcmeFaults).layout).toBe('v2');
    expect(((await (await fetch(`${suite.url}/__fixture/faults`)).json()) as AcmeFaults)).toMatchObject({ latencyMs: 5, layout: 'v2' });

    const bad = await postFaults({ errorRate: 2 }, suite.adminToken);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/errorRate/);
    expect((await postFaults({ noSuchKnob: true }, suite.adminToken)).status).toBe(400);
    expect(() => suite.setFaults({ layout: 'v3' as 'v1' })).toThrow(/layout/);
  });

  it('latencyMs measurably delays every screen but not the ground truth', async () => {
    const timed = async (path: string): Promise<number> => {
      const started = performance.now();
      await (await fetch(suite.url + path)).text();
      return performance.now() - started;
    };
    const baseline = await timed('/Login.aspx');
    suite.setFaults({ latencyMs: 400 });
    const delayed = await timed('/Login.aspx');
    expect(delayed).toBeGreaterThanOrEqual(390);
    expect(delayed - baseline).toBeGreaterThan(300);
    expect(await timed('/__fixture/products')).toBeLessThan(300);
  });

  it('errorRate 1 answers every screen with a 500 Server Error page', async () => {
    suite.setFaults({ errorRate: 1 });
    for (const path of ['/Login.aspx', '/Default.aspx', '/ERP/Invoices.aspx']) {
      const res = await fetch(suite.url + path, { redirect: 'manual' });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(titleOf(html)).toMatch(/^Server Error/);
      expect(html).toContain('<meta name="acme-layout" content="v1">');
    }
    expect((await fetch(`${suite.url}/__fixture/orders`)).status).toBe(200);
  });

  it('maintenance answers every screen, login included, with a 503 page', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    suite.setFaults({ maintenance: true });
    for (const path of ['/Login.aspx', '/CRM/CustomerSearch.aspx']) {
      const page = await client.get(path);
      expect(page.status).toBe(503);
      expect(page.html).toContain('System maintenance');
    }
    expect((await fetch(`${suite.url}/__fixture/customers`)).status).toBe(200);
    suite.setFaults({ maintenance: false });
    expect((await client.get('/CRM/CustomerSearch.aspx')).status).toBe(200);
  });

  it('sessionExpiry sends a logged-in session back to the login page with the message, and re-login works', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    expect((await client.get('/ERP/Receivables.aspx')).path).toBe('/ERP/Receivables.aspx');
    suite.setFaults({ sessionExpiry: true });
    const expired = await client.get('/ERP/Receivables.aspx');
    expect(expired.path).toMatch(/^\/Login\.aspx\?expired=1/);
    expect(expired.html).toContain('Your session has expired');
    const again = await client.login('clerk', 'acme-clerk-2026');
    expect(again.path).toBe('/Default.aspx');
    expect((await client.get('/ERP/Receivables.aspx')).path).toBe('/ERP/Receivables.aspx');
  });

  it('ambiguousSubmit saves the order but the confirm response never arrives', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    const { confirmForm } = await keyOrderToReview(client, order('AMB-0001'));
    suite.setFaults({ ambiguousSubmit: true });
    await expect(client.post('/CRM/SalesOrderEntry.aspx', confirmForm)).rejects.toThrow();
    const saved = (await fixtureOrders()).find((o) => o.externalRef === 'AMB-0001');
    expect(saved?.orderNo).toMatch(/^SO-2026-\d{6}$/);
    expect(saved?.amount).toBe('120000.00');

    // Searching after the unknown outcome is how a bot finds out: the order is there.
    suite.setFaults({ ambiguousSubmit: false });
    const search = await client.get('/CRM/OrderSearch.aspx?ref=AMB-0001');
    expect(search.html).toContain(saved?.orderNo ?? 'missing');
  });

  it('ambiguousSubmit as a probability of 1 fails every confirm with a lost socket or a 502', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    suite.setFaults({ ambiguousSubmit: 1 });
    for (const ref of ['AMB-P-1', 'AMB-P-2', 'AMB-P-3']) {
      const { confirmForm } = await keyOrderToReview(client, order(ref));
      const outcome = await client.post('/CRM/SalesOrderEntry.aspx', confirmForm).then((p) => p.status, () => 'socket');
      expect([502, 'socket']).toContain(outcome);
      expect((await fixtureOrders()).some((o) => o.externalRef === ref)).toBe(true);
    }
  });

  it('layout v2 changes ids, field order and markup but keeps labels and button texts', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    const { page: v1Review } = await keyOrderToReview(client, order('LAYOUT-V1'));
    expect(v1Review.html).toContain('id="ctl00_Main_btnConfirm"');

    const v1Step3 = await stepThreeOf(client);
    suite.setFaults({ layout: 'v2' });
    const v2Step3 = await stepThreeOf(client);

    expect(v1Step3).toContain('<meta name="acme-layout" content="v1">');
    expect(v2Step3).toContain('<meta name="acme-layout" content="v2">');
    expect(v2Step3).toContain('Acme Finance Suite 5.0 (layout v2)');
    expect(v2Step3).not.toContain('ctl00_Main_');
    expect(v2Step3).toContain('<fieldset');
    expect(v1Step3).toContain('<table class="formTable"');

    const v1Labels = labelsOf(v1Step3);
    const v2Labels = labelsOf(v2Step3);
    expect(v1Labels.map((l) => l.forId)).toContain('ctl00_Main_txtExternalRef');
    expect(v2Labels.map((l) => l.forId)).toContain('MainContent_ExternalReferenceInput');
    const texts = (ls: { text: string }[]) => ls.map((l) => l.text);
    expect([...texts(v2Labels)].sort()).toEqual([...texts(v1Labels)].sort());
    expect(texts(v2Labels)).not.toEqual(texts(v1Labels));
    for (const id of v2Labels.map((l) => l.forId)) expect(id).toMatch(/^MainContent_/);
    for (const button of ['>Next</button>', '>Back</button>']) expect(v2Step3).toContain(button);
    expect(v1Step3).toMatch(/<input[^>]*value="Next"/);

    // The login page follows the layout too.
    const login = await (await fetch(`${suite.url}/Login.aspx`)).text();
    expect(login).toContain('<label for="MainContent_UserNameInput" class="control-label">User name</label>');
  });

  it('reset restores the seed, clears orders and sessions', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    const { confirmForm } = await keyOrderToReview(client, order('RESET-1'));
    await client.post('/CRM/SalesOrderEntry.aspx', confirmForm);
    expect((await fixtureOrders()).length).toBeGreaterThan(0);
    const res = await fetch(`${suite.url}/__fixture/reset`, { method: 'POST', headers: { 'X-Fixture-Token': suite.adminToken } });
    expect(res.status).toBe(200);
    expect(await fixtureOrders()).toEqual([]);
    const after = await client.get('/Default.aspx');
    expect(after.html).toContain('Your session has expired');
  });
});

/** Opens a new wizard and walks it to step 3 with a valid customer and product, returning step 3's HTML. */
async function stepThreeOf(client: AcmeHttpClient): Promise<string> {
  const customers = (await (await fetch(`${client.baseUrl}/__fixture/customers`)).json()) as { id: string; blocked: boolean; riskTolerance: string }[];
  const customer = customers.find((c) => !c.blocked && c.riskTolerance >= 'C2');
  let page = await client.get('/CRM/SalesOrderEntry.aspx');
  const names = page.html.includes('ctl00_Main_') ? 'v1' : 'v2';
  const field = (v1: string, v2: string): string => (names === 'v1' ? `ctl00$Main$${v1}` : `ctl00$MainContent$${v2}`);
  const hidden = (): Record<string, string> => ({
    __RequestVerificationToken: /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(page.html)?.[1] ?? '',
    __WIZARDID: /name="__WIZARDID"[^>]*value="([^"]+)"/.exec(page.html)?.[1] ?? '',
    __STEP: /name="__STEP"[^>]*value="([^"]+)"/.exec(page.html)?.[1] ?? '',
  });
  page = await client.post('/CRM/SalesOrderEntry.aspx', { ...hidden(), [field('txtCustomerId', 'CustomerIdInput')]: customer?.id ?? '', [field('btnNext', 'NextButton')]: 'Next' });
  page = await client.post('/CRM/SalesOrderEntry.aspx', {
    ...hidden(),
    [field('ddlProduct', 'ProductSelect')]: 'BD-R2-CRP',
    [field('txtAmount', 'AmountInput')]: '60000',
    [field('ddlCurrency', 'CurrencySelect')]: 'CNY',
    [field('btnNext', 'NextButton')]: 'Next',
  });
  if (!titleOf(page.html).includes('Step 3 of 4')) throw new Error(`not on step 3: ${titleOf(page.html)}`);
  return page.html;
}
