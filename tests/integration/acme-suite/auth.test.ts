import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeHttpClient, hiddenValue, requireHidden, titleOf } from './acme-http-client.ts';

describe('acme suite: login, CSRF and sessions', () => {
  let suite: AcmeSuiteHandle;

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, today: '2026-03-15' });
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('serves the login page with a CSRF field, labels and an HttpOnly session cookie', async () => {
    const res = await fetch(`${suite.url}/Login.aspx`);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ASP\.NET_SessionId=[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    const html = await res.text();
    expect(hiddenValue(html, '__RequestVerificationToken')).toMatch(/^[\w-]{20,}$/);
    expect(html).toContain('<label for="ctl00_Main_txtUserName">User name</label>');
    expect(html).toContain('<label for="ctl00_Main_txtPassword">Password</label>');
    expect(html).toContain('<meta name="acme-layout" content="v1">');
    expect(html).toContain('Acme Finance Suite 4.2 (layout v1)');
  });

  it('sends anonymous visitors of a screen to the login page', async () => {
    const client = new AcmeHttpClient(suite.url);
    const page = await client.get('/CRM/CustomerSearch.aspx?q=Wang');
    expect(page.path).toBe('/Login.aspx?ReturnUrl=%2FCRM%2FCustomerSearch.aspx%3Fq%3DWang');
    expect(titleOf(page.html)).toMatch(/^Log in/);
  });

  it('refuses a wrong password and keeps the user logged out', async () => {
    const client = new AcmeHttpClient(suite.url);
    const page = await client.login(suite.credentials.user, 'wrong-password');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Invalid user name or password.');
    expect(page.html).toContain('value="clerk"');
    const home = await client.get('/Default.aspx');
    expect(home.path).toMatch(/^\/Login\.aspx/);
  });

  it('logs in with the default credentials and goes back to the requested screen', async () => {
    expect(suite.credentials).toEqual({ user: 'clerk', password: 'acme-clerk-2026' });
    const client = new AcmeHttpClient(suite.url);
    const first = await client.get('/CRM/OrderSearch.aspx');
    const page = await client.post(first.path, {
      __RequestVerificationToken: requireHidden(first.html, '__RequestVerificationToken'),
      ctl00$Main$txtUserName: 'clerk',
      ctl00$Main$txtPassword: 'acme-clerk-2026',
      ctl00$Main$btnLogin: 'Log in',
    });
    expect(page.path).toBe('/CRM/OrderSearch.aspx');
    expect(titleOf(page.html)).toMatch(/^Order Search/);
    for (const link of ['Customers', 'New Sales Order', 'Order Search', 'Receivables', 'Invoices', 'Logout']) {
      expect(page.html).toContain(`>${link}</a>`);
    }
  });

  it('refuses a login POST without the CSRF token', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.get('/Login.aspx');
    const page = await client.post('/Login.aspx', { ctl00$Main$txtUserName: 'clerk', ctl00$Main$txtPassword: 'acme-clerk-2026' });
    expect(page.status).toBe(403);
    expect(page.html).toContain('anti-forgery token could not be validated');
  });

  it('refuses a logged-in POST with a missing or foreign CSRF token', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    const entry = await client.get('/CRM/SalesOrderEntry.aspx');
    const wizard = requireHidden(entry.html, '__WIZARDID');
    const missing = await client.post('/CRM/SalesOrderEntry.aspx', { __WIZARDID: wizard, __STEP: '1', ctl00$Main$txtCustomerId: 'C000010', ctl00$Main$btnNext: 'Next' });
    expect(missing.status).toBe(403);

    const other = new AcmeHttpClient(suite.url);
    const otherLogin = await other.get('/Login.aspx');
    const foreign = await client.post('/CRM/SalesOrderEntry.aspx', {
      __RequestVerificationToken: requireHidden(otherLogin.html, '__RequestVerificationToken'),
      __WIZARDID: wizard,
      __STEP: '1',
      ctl00$Main$txtCustomerId: 'C000010',
      ctl00$Main$btnNext: 'Next',
    });
    expect(foreign.status).toBe(403);
  });

  it('logs out', async () => {
    const client = new AcmeHttpClient(suite.url);
    await client.login('clerk', 'acme-clerk-2026');
    const out = await client.get('/Logout.aspx');
    expect(out.html).toContain('You have been logged out.');
    const home = await client.get('/Default.aspx');
    expect(home.path).toMatch(/^\/Login\.aspx\?ReturnUrl=/);
    expect(home.html).not.toContain('Your session has expired');
  });
});

describe('acme suite: idle session expiry', () => {
  let suite: AcmeSuiteHandle;
  /** Long enough that a loaded machine never expires the login itself, short enough to wait out. */
  const IDLE_MS = 800;

  beforeAll(async () => {
    suite = await startAcmeSuite({ port: 0, sessionIdleMs: IDLE_MS, users: [{ user: 'ops', password: 'pw-1' }] });
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('expires a session left idle longer than sessionIdleMs and says so', async () => {
    expect(suite.credentials).toEqual({ user: 'ops', password: 'pw-1' });
    const client = new AcmeHttpClient(suite.url);
    const home = await client.login('ops', 'pw-1');
    expect(home.path).toBe('/Default.aspx');
    // Activity inside the idle window keeps the session alive.
    await new Promise((r) => setTimeout(r, IDLE_MS / 2));
    expect((await client.get('/Default.aspx')).path).toBe('/Default.aspx');
    await new Promise((r) => setTimeout(r, IDLE_MS + 200));
    const after = await client.get('/CRM/CustomerSearch.aspx');
    expect(after.path).toMatch(/^\/Login\.aspx\?expired=1&ReturnUrl=/);
    expect(after.html).toContain('Your session has expired');
  });
});
