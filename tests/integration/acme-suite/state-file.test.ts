import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAcmeSuite, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import { AcmeHttpClient, keyOrderToReview, requireHidden } from './acme-http-client.ts';

const TODAY = '2026-03-15';

describe('acme suite: state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acme-state-'));
  const stateFile = join(dir, 'nested', 'acme-state.json');
  const running: AcmeSuiteHandle[] = [];

  afterAll(async () => {
    await Promise.all(running.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async (): Promise<AcmeSuiteHandle> => {
    const suite = await startAcmeSuite({ port: 0, today: TODAY, stateFile });
    running.push(suite);
    return suite;
  };

  it('keeps orders, invoice flags and the order sequence across a restart', async () => {
    const first = await start();
    const customers = (await (await fetch(`${first.url}/__fixture/customers`)).json()) as { id: string; blocked: boolean; riskTolerance: string }[];
    const customer = customers.find((c) => !c.blocked && c.riskTolerance >= 'C2')?.id ?? '';
    const client = new AcmeHttpClient(first.url);
    await client.login(first.credentials.user, first.credentials.password);
    const { confirmForm } = await keyOrderToReview(client, {
      customerId: customer, productCode: 'WM-R1-090', amount: '10000', termMonths: '3', paymentMethod: 'cash',
      valueDate: TODAY, externalRef: 'KEEP-1', salesRep: 'Li Na', branch: 'HZ-XH',
    });
    await client.post('/CRM/SalesOrderEntry.aspx', confirmForm);
    const invoiceNo = ((await (await fetch(`${first.url}/__fixture/invoices`)).json()) as { invoiceNo: string; status: string }[])
      .find((i) => i.status === 'open')?.invoiceNo ?? '';
    const invoicePage = await client.get(`/ERP/Invoice.aspx?no=${invoiceNo}`);
    await client.post(`/ERP/Invoice.aspx?no=${invoiceNo}`, {
      __RequestVerificationToken: requireHidden(invoicePage.html, '__RequestVerificationToken'),
      ctl00$Main$chkDisputed: 'on',
      ctl00$Main$txtPromisedToPay: '',
      ctl00$Main$btnSave: 'Save',
    });
    const ordersBefore = await (await fetch(`${first.url}/__fixture/orders`)).json();
    const customersBefore = await (await fetch(`${first.url}/__fixture/customers`)).json();
    await first.close();
    // Only the state file is left behind: the temp file was renamed over it.
    expect(readdirSync(join(dir, 'nested'))).toEqual(['acme-state.json']);

    const second = await start();
    expect(await (await fetch(`${second.url}/__fixture/orders`)).json()).toEqual(ordersBefore);
    expect(await (await fetch(`${second.url}/__fixture/customers`)).json()).toEqual(customersBefore);
    const invoice = ((await (await fetch(`${second.url}/__fixture/invoices`)).json()) as { invoiceNo: string; disputed: boolean }[])
      .find((i) => i.invoiceNo === invoiceNo);
    expect(invoice?.disputed).toBe(true);

    const again = new AcmeHttpClient(second.url);
    await again.login(second.credentials.user, second.credentials.password);
    const next = await keyOrderToReview(again, {
      customerId: customer, productCode: 'WM-R1-090', amount: '20000', termMonths: '3', paymentMethod: 'cash',
      valueDate: TODAY, externalRef: 'KEEP-2', salesRep: 'Li Na', branch: 'HZ-XH',
    });
    const created = await again.post('/CRM/SalesOrderEntry.aspx', next.confirmForm);
    expect(created.html).toContain('Order SO-2026-000002 has been created');
    await expect(keyOrderToReview(again, {
      customerId: customer, productCode: 'WM-R1-090', amount: '20000', termMonths: '3', paymentMethod: 'cash',
      valueDate: TODAY, externalRef: 'KEEP-1', salesRep: 'Li Na', branch: 'HZ-XH',
    })).rejects.toThrow('An order with external reference KEEP-1 already exists: SO-2026-000001');
  });
});
