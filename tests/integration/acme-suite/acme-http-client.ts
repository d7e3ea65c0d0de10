/**
 * A small cookie-keeping HTTP client for the Acme suite tests: follows redirects like a browser
 * (GET after 302/303) and reads hidden fields out of the returned HTML.
 */
export interface HttpPage {
  status: number;
  /** Path and query of the final URL after redirects. */
  path: string;
  html: string;
  headers: Headers;
}

const MAX_REDIRECTS = 10;

export class AcmeHttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  async get(path: string): Promise<HttpPage> {
    return this.send('GET', path);
  }

  async post(path: string, form: Record<string, string>, options: { follow?: boolean } = {}): Promise<HttpPage> {
    return this.send('POST', path, new URLSearchParams(form).toString(), options.follow ?? true);
  }

  /** Raw POST returning the undecoded response (for downloads). */
  async postRaw(path: string, form: Record<string, string>): Promise<Response> {
    return fetch(this.baseUrl + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: this.cookieHeader() },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    });
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async login(user: string, password: string): Promise<HttpPage> {
    const page = await this.get('/Login.aspx');
    return this.post('/Login.aspx', {
      __RequestVerificationToken: requireHidden(page.html, '__RequestVerificationToken'),
      ctl00$Main$txtUserName: user,
      ctl00$Main$txtPassword: password,
      ctl00$Main$btnLogin: 'Log in',
    });
  }

  private async send(method: 'GET' | 'POST', path: string, body?: string, follow = true): Promise<HttpPage> {
    let url = new URL(path, this.baseUrl);
    let currentMethod = method;
    let currentBody = body;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await fetch(url, {
        method: currentMethod,
        headers: {
          Cookie: this.cookieHeader(),
          ...(currentBody !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: currentBody,
        redirect: 'manual',
      });
      this.storeCookies(res.headers);
      const location = res.headers.get('location');
      if (follow && location && res.status >= 300 && res.status < 400) {
        await res.arrayBuffer();
        url = new URL(location, url);
        currentMethod = 'GET';
        currentBody = undefined;
        continue;
      }
      return { status: res.status, path: url.pathname + url.search, html: await res.text(), headers: res.headers };
    }
    throw new Error(`more than ${MAX_REDIRECTS} redirects from ${path}`);
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function hiddenValue(html: string, name: string): string | undefined {
  const re = new RegExp(`<input[^>]*name="${name.replace(/[$]/g, '\\$')}"[^>]*value="([^"]*)"`);
  return re.exec(html)?.[1];
}

export function requireHidden(html: string, name: string): string {
  const value = hiddenValue(html, name);
  if (value === undefined) throw new Error(`no hidden field ${name} in page:\n${html.slice(0, 2000)}`);
  return value;
}

/** `<label for="id">text</label>` pairs, in document order. */
export function labelsOf(html: string): { forId: string; text: string }[] {
  return [...html.matchAll(/<label[^>]*for="([^"]+)"[^>]*>([^<]*)<\/label>/g)].map((m) => ({ forId: m[1] ?? '', text: m[2] ?? '' }));
}

export function titleOf(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
}

export interface OrderInput {
  customerId: string;
  productCode: string;
  amount: string;
  currency?: string;
  termMonths: string;
  paymentMethod: string;
  valueDate: string;
  externalRef: string;
  salesRep: string;
  branch: string;
  notes?: string;
}

/**
 * Walks the v1 order wizard over plain HTTP up to the review page and returns the confirm form,
 * so a test can post it (or not) itself.
 */
export async function keyOrderToReview(client: AcmeHttpClient, order: OrderInput): Promise<{ page: HttpPage; confirmForm: Record<string, string> }> {
  let page = await client.get('/CRM/SalesOrderEntry.aspx');
  const base = (): Record<string, string> => ({
    __RequestVerificationToken: requireHidden(page.html, '__RequestVerificationToken'),
    __WIZARDID: requireHidden(page.html, '__WIZARDID'),
    __STEP: requireHidden(page.html, '__STEP'),
  });
  page = await client.post('/CRM/SalesOrderEntry.aspx', {
    ...base(),
    ctl00$Main$txtCustomerId: order.customerId,
    ctl00$Main$txtCustomerSearch: '',
    ctl00$Main$btnNext: 'Next',
  });
  expectStep(page, 2);
  page = await client.post('/CRM/SalesOrderEntry.aspx', {
    ...base(),
    ctl00$Main$ddlProduct: order.productCode,
    ctl00$Main$txtAmount: order.amount,
    ctl00$Main$ddlCurrency: order.currency ?? 'CNY',
    ctl00$Main$btnNext: 'Next',
  });
  expectStep(page, 3);
  page = await client.post('/CRM/SalesOrderEntry.aspx', {
    ...base(),
    ctl00$Main$ddlTerm: order.termMonths,
    ctl00$Main$ddlPaymentMethod: order.paymentMethod,
    ctl00$Main$txtValueDate: order.valueDate,
    ctl00$Main$txtExternalRef: order.externalRef,
    ctl00$Main$txtSalesRep: order.salesRep,
    ctl00$Main$ddlBranch: order.branch,
    ctl00$Main$txtNotes: order.notes ?? '',
    ctl00$Main$btnNext: 'Next',
  });
  expectStep(page, 4);
  return { page, confirmForm: { ...base(), ctl00$Main$btnConfirm: 'Confirm' } };
}

function expectStep(page: HttpPage, step: number): void {
  if (!titleOf(page.html).includes(`Step ${step} of 4`)) {
    const summary = /<div[^>]*role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(page.html)?.[1] ?? '(no validation summary)';
    throw new Error(`expected order step ${step}, got "${titleOf(page.html)}" at ${page.path}: ${summary}`);
  }
}
