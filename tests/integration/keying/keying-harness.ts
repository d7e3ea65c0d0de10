import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Settings } from '../../../config/settings-schema.ts';
import type { OrderStatus } from '../../../core/ledger/order-ledger.ts';
import { startAcmeSuite, type AcmeFaults, type AcmeSuiteHandle } from '../../../fixtures/acme-suite/index.ts';
import type { StackInfo } from '../../../fixtures/local-stack/index.ts';
import { jobIdFor } from '../../../jobs/queue-catalogue.ts';
import { startKeyingRole } from '../../../jobs/keying-role.ts';
import type { RunningRole } from '../../../jobs/roles.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

/** The suite's business date in every keying test: value dates are checked against it. */
export const SUITE_TODAY = '2026-03-15';

export interface FixtureCustomer {
  id: string;
  blocked: boolean;
  riskTolerance: string;
}
export interface FixtureProduct {
  code: string;
  risk: string;
  minAmount: string;
  maxAmount: string;
  terms: number[];
}
export interface FixtureOrder {
  orderNo: string;
  externalRef: string;
  customerId: string;
  productCode: string;
  amount: string;
  valueDate: string;
}

export async function fixture<T>(suite: AcmeSuiteHandle, what: 'orders' | 'customers' | 'products'): Promise<T[]> {
  return (await (await fetch(`${suite.url}/__fixture/${what}`)).json()) as T[];
}

/** Settings for a keying test: its own Redis prefix, its own CRM (a suite started by the test), its own data dir. */
export function keyingSettings(stack: StackInfo, suite: AcmeSuiteHandle, env: Record<string, string> = {}): { settings: Settings; env: Record<string, string> } {
  return keyingSettingsFor(stack, { CRM_URL: suite.url, CRM_USER: suite.credentials.user, CRM_PASSWORD: suite.credentials.password }, env);
}

/** The same for any target: `crm` names it (CRM_TARGET, CRM_URL, CRM_DATABASE, ...). */
export function keyingSettingsFor(stack: StackInfo, crm: Record<string, string>, env: Record<string, string> = {}): { settings: Settings; env: Record<string, string> } {
  const shared = sandboxMailbox(stack, 'keying-shared');
  const full: Record<string, string> = {
    ...crm,
    ORDERDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'orderdesk-keying-')),
    KEYING_SCREEN_TIMEOUT_MS: '10000',
    KEYING_MAX_ORDERS_PER_SECOND: '50',
    ...env,
  };
  const settings = testSettings(stack, shared, full);
  return { settings, env: { ...full, ORDERDESK_REDIS_PREFIX: settings.redis.prefix, SHARED_MAILBOX: shared.address } };
}

export interface SeedOptions {
  count: number;
  /** Every order of one call shares this submission (its Message-ID) unless given. */
  reference?: string;
  submitter?: string;
  refPrefix?: string;
  /** Replace fields of the i-th order (e.g. an amount over the product limit). */
  tweak?: (order: Record<string, unknown>, index: number) => void;
}

/** Orders a careful sheet would carry: eligible customers, products within their risk, amounts within limits. */
/** An Acme suite with the keying role keying into it, in this process; `close()` stops all of it. */
export interface KeyingOnSuite {
  suite: AcmeSuiteHandle;
  runtime: Runtime;
  keying: RunningRole;
  close(): Promise<void>;
}

export async function startKeyingOnSuite(stack: StackInfo, faults: Partial<AcmeFaults>, env: Record<string, string>): Promise<KeyingOnSuite> {
  const suite = await startAcmeSuite({ port: 0, today: SUITE_TODAY, faults });
  const runtime = await Runtime.create(keyingSettings(stack, suite, env).settings);
  const keying = startKeyingRole(runtime);
  return {
    suite,
    runtime,
    keying,
    close: async () => {
      await keying.close();
      await runtime.close();
      await suite.close();
    },
  };
}

export async function seedApprovedOrders(runtime: Runtime, suite: AcmeSuiteHandle, options: SeedOptions): Promise<{ orderIds: string[]; refs: string[]; reference: string }> {
  const customers = (await fixture<FixtureCustomer>(suite, 'customers')).filter((c) => !c.blocked);
  const products = await fixture<FixtureProduct>(suite, 'products');
  return seedOrders(runtime, options, (i) => {
    const customer = customers[i % customers.length] as FixtureCustomer;
    const eligible = products.filter((p) => Number(p.risk.slice(1)) <= Number(customer.riskTolerance.slice(1)));
    const product = eligible[i % eligible.length] as FixtureProduct;
    return { customerId: customer.id, productCode: product.code, amount: product.minAmount, termMonths: product.terms[0] };
  });
}

/** Approved orders in the ledger and on the keying queue; `pick` gives the i-th order's customer, product, amount and term. */
export async function seedOrders(
  runtime: Runtime,
  options: SeedOptions,
  pick: (index: number) => { customerId: string; productCode: string; amount: string; termMonths: number | undefined },
): Promise<{ orderIds: string[]; refs: string[]; reference: string }> {
  const reference = options.reference ?? `<${randomUUID()}@sandbox.example>`;
  const prefix = options.refPrefix ?? `PO-${randomUUID().slice(0, 6).toUpperCase()}`;
  const entries = [];
  for (let i = 0; i < options.count; i++) {
    const externalRef = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    const order: Record<string, unknown> = {
      externalRef,
      orderDate: '2026-03-01',
      customerName: 'n/a',
      currency: 'CNY',
      paymentMethod: 'bank_transfer',
      salesRep: 'Zhang Wei',
      branch: 'SH-PD',
      notes: `keying test order ${i + 1}`,
      ...pick(i),
    };
    options.tweak?.(order, i);
    entries.push({
      orderId: `ord-${randomUUID()}`,
      externalRef: String(order['externalRef']),
      order,
      source: { kind: 'mail' as const, reference, row: i + 2, submitter: options.submitter ?? 'drop-folder' },
    });
  }
  await runtime.ledger.recordReceived(entries, 'test');
  for (const e of entries) await runtime.ledger.setStatus(e.orderId, 'approved', { actor: 'test', action: 'review:passed' });
  await runtime.queues.addBulk('keying', entries.map((e) => ({ jobId: jobIdFor('keying', e.orderId), payload: { orderId: e.orderId } })));
  return { orderIds: entries.map((e) => e.orderId), refs: entries.map((e) => e.externalRef), reference };
}

const FINAL: readonly OrderStatus[] = ['keyed', 'needs_attention', 'failed', 'rejected'];

export async function waitForFinal(runtime: Runtime, orderIds: string[], timeoutMs: number): Promise<Map<string, OrderStatus>> {
  const histogram = async (): Promise<string> => {
    const counts: Record<string, number> = {};
    for (const id of orderIds) {
      const status = (await runtime.ledger.get(id))?.status ?? 'missing';
      counts[status] = (counts[status] ?? 0) + 1;
    }
    return JSON.stringify(counts);
  };
  return eventually(
    `${orderIds.length} orders to reach a final keying status`,
    async () => {
      const statuses = new Map<string, OrderStatus>();
      for (const id of orderIds) {
        const order = await runtime.ledger.get(id);
        if (!order || !FINAL.includes(order.status)) return undefined;
        statuses.set(id, order.status);
      }
      return statuses;
    },
    timeoutMs,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; statuses now ${await histogram()}`);
  });
}

/** The core exactly-once check against the CRM's ground truth: each reference once, and its number in the ledger. */
export async function expectExactlyOnce(runtime: Runtime, suite: AcmeSuiteHandle, orderIds: string[]): Promise<{ duplicates: string[]; missing: string[]; mismatched: string[] }> {
  const orders = await fixture<FixtureOrder>(suite, 'orders');
  const byRef = new Map<string, FixtureOrder[]>();
  for (const o of orders) byRef.set(o.externalRef, [...(byRef.get(o.externalRef) ?? []), o]);
  const duplicates = [...byRef.entries()].filter(([, list]) => list.length > 1).map(([ref]) => ref);
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const id of orderIds) {
    const order = await runtime.ledger.get(id);
    const found = byRef.get(order?.externalRef ?? '');
    if (!found || found.length === 0) missing.push(order?.externalRef ?? id);
    else if (found[0]?.orderNo !== order?.crmOrderNo) mismatched.push(`${order?.externalRef}: ledger ${order?.crmOrderNo} vs CRM ${found[0]?.orderNo}`);
  }
  return { duplicates, missing, mismatched };
}

const ORDERDESK_BIN = fileURLToPath(new URL('../../../bin/orderdesk', import.meta.url));
/** Short locks so the killed worker's job is seen as stalled within seconds, not the default 30 s. */
export const LOCK_MS = '3000';

/** Starts `orderdesk start --role keying` in its own process group, so a kill takes its Chromium too. */
export function startKeyingProcess(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [ORDERDESK_BIN, 'start', '--role', 'keying'], {
    env: { ...process.env, ...env, WORKER_LOCK_DURATION_MS: LOCK_MS, WORKER_STALLED_INTERVAL_MS: LOCK_MS, LOG_LEVEL: 'warn' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.resume();
  return child;
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined && child.exitCode === null) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  }
}
