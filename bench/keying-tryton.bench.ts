/**
 * Keying throughput on Tryton 6.0 through its web client sao, beside the Acme suite's figure:
 *   bot   — the whole keying bot (Runtime + keying role, CRM_TARGET=tryton): BullMQ queue, ledger,
 *           search-before-create, sao page objects, with and without the per-order Playwright trace
 *   RPC   — the floor: the same sales made over trytond's JSON-RPC, no browser (look up the party and
 *           the product by code, then sale.sale create, quote, confirm, with the user's context)
 * Each lane signs in before the clock starts: the RPC lanes log in in their setup, the bot keys one
 * warm-up order per browser context first (sao's log-in and first screens), untimed.
 * Orders: the fixture's customers with an address, products MM-R1-007/BD-R2-365/WM-R2-180/EQ-R3-001, one
 * line of quantity 1 with the order amount as its unit price. After every run Tryton's ground truth must
 * hold each reference exactly once, booked (processing or confirmed), with that party, product and price.
 * The Acme suite's figure is read from bench/RESULTS.md (its last `npm run bench`), not measured again.
 * Run: npx tsx bench/keying-tryton.bench.ts [orders per run, default 12] [concurrencies, default 1,2] [traces, default off,on].
 * Needs redis-server on PATH and Tryton with sao (scripts/bootstrap); the seeded database is cached.
 */
import { printHeadline } from './bench-result.ts';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../core/config/load-settings.ts';
import type { OrderStatus } from '../core/ledger/order-ledger.ts';
import { freePort } from '../fixtures/local-stack/free-port.ts';
import { TrytonServer, type TrytonCustomerTruth, type TrytonInfo, type TrytonOrderTruth } from '../fixtures/tryton/index.ts';
import { TrytonRpc } from '../fixtures/tryton/tryton-rpc.ts';
import { startKeyingRole } from '../jobs/keying-role.ts';
import { jobIdFor } from '../jobs/queue-catalogue.ts';
import { Runtime } from '../jobs/runtime.ts';

const ORDERS = Number(process.argv[2] ?? '12');
const CONCURRENCIES = (process.argv[3] ?? '1,2').split(',').map(Number);
const TRACES = (process.argv[4] ?? 'off,on').split(',').map((t) => t.trim() === 'on');
const SALABLE = ['MM-R1-007', 'BD-R2-365', 'WM-R2-180', 'EQ-R3-001'];
/** States of a booked sale: a service sale goes on to processing at once on Confirm. */
const BOOKED = ['processing', 'confirmed'];
/** Generous: a sale through sao takes ~10 s on a quiet machine and several times that on two busy cores. */
const PER_ORDER_DEADLINE_MS = 120_000;
const FINAL: readonly OrderStatus[] = ['keyed', 'needs_attention', 'failed', 'rejected'];

interface BenchOrder {
  externalRef: string;
  customerCode: string;
  productCode: string;
  amount: string;
}

const truth = async <T>(info: TrytonInfo, what: 'orders' | 'customers'): Promise<T[]> => {
  const response = await fetch(`${info.groundTruthUrl}/__fixture/${what}`);
  if (!response.ok) throw new Error(`ground truth ${what}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T[];
};

async function ordersFor(info: TrytonInfo, prefix: string, count: number): Promise<BenchOrder[]> {
  const customers = (await truth<TrytonCustomerTruth>(info, 'customers')).filter((c) => !c.name.startsWith('No Address'));
  return Array.from({ length: count }, (_, i) => ({
    externalRef: `${prefix}-${String(i + 1).padStart(4, '0')}`,
    customerCode: (customers[i % customers.length] as TrytonCustomerTruth).code,
    productCode: SALABLE[i % SALABLE.length] as string,
    amount: (1000 + i * 137.5).toFixed(2),
  }));
}

/** Each reference exactly once in Tryton, booked, as ordered; `numbers` (the ledger's) must match Tryton's. */
async function verify(info: TrytonInfo, orders: BenchOrder[], numbers?: Map<string, string | undefined>): Promise<void> {
  const sales = await truth<TrytonOrderTruth>(info, 'orders');
  const problems: string[] = [];
  for (const o of orders) {
    const found = sales.filter((s) => s.reference === o.externalRef);
    const sale = found[0];
    if (found.length !== 1 || !sale) {
      problems.push(`${o.externalRef}: ${found.length} sales`);
      continue;
    }
    if (!BOOKED.includes(sale.state)) problems.push(`${o.externalRef}: state ${sale.state}`);
    const line = sale.lines[0];
    if (sale.partyCode !== o.customerCode || sale.lines.length !== 1 || line?.productCode !== o.productCode || line.quantity !== 1 || Number(line.unitPrice) !== Number(o.amount)) {
      problems.push(`${o.externalRef}: party ${sale.partyCode}, lines ${JSON.stringify(sale.lines)}; expected ${o.customerCode} ${o.productCode} x1 at ${o.amount}`);
    }
    if (numbers && numbers.get(o.externalRef) !== sale.number) problems.push(`${o.externalRef}: ledger has ${numbers.get(o.externalRef)}, Tryton ${sale.number}`);
  }
  if (problems.length > 0) throw new Error(`ground truth check failed for ${problems.length} of ${orders.length} orders: ${problems.slice(0, 5).join('; ')}`);
}

/** Runs `work` on `concurrency` lanes over the orders (lane setup untimed); returns orders per second. */
async function lanes(orders: BenchOrder[], concurrency: number, work: (lane: number) => Promise<(o: BenchOrder) => Promise<void>>): Promise<number> {
  const workers = await Promise.all(Array.from({ length: concurrency }, (_, i) => work(i)));
  let next = 0;
  const started = performance.now();
  await Promise.all(workers.map(async (key) => {
    for (let i = next++; i < orders.length; i = next++) await key(orders[i] as BenchOrder);
  }));
  return orders.length / ((performance.now() - started) / 1000);
}

/** The floor: the sales made over JSON-RPC, one session per lane, as sao's own calls would leave them. */
async function rpcFloor(info: TrytonInfo, orders: BenchOrder[], concurrency: number): Promise<number> {
  const decimal = (value: string) => ({ __class__: 'Decimal', decimal: value });
  return lanes(orders, concurrency, async () => {
    const rpc = new TrytonRpc(info.url.replace(/\/$/, ''), info.database, info.user, info.password);
    const context = (await rpc.call('model.res.user.get_preferences', [true, {}])) as Record<string, unknown>;
    const one = async (model: string, code: string, fields: string[]): Promise<Record<string, unknown>> => {
      const rows = (await rpc.call(`model.${model}.search_read`, [[['code', '=', code]], 0, 2, null, fields, context])) as Record<string, unknown>[];
      if (rows.length !== 1) throw new Error(`RPC floor: ${rows.length} ${model} with code ${code}`);
      return rows[0] as Record<string, unknown>;
    };
    return async (o) => {
      const party = await one('party.party', o.customerCode, ['id', 'addresses', 'customer_payment_term']);
      const product = await one('product.product', o.productCode, ['id', 'default_uom']);
      // What sao's on_change_party and on_change_product fill in: the addresses, the payment term, the unit.
      const address = (party['addresses'] as number[])[0] ?? null;
      const ids = (await rpc.call('model.sale.sale.create', [[{
        party: party['id'], invoice_address: address, shipment_address: address, ...(party['customer_payment_term'] ? { payment_term: party['customer_payment_term'] } : {}),
        reference: o.externalRef,
        lines: [['create', [{ type: 'line', product: product['id'], unit: product['default_uom'], quantity: 1, unit_price: decimal(o.amount) }]]],
      }], context])) as number[];
      await rpc.call('model.sale.sale.quote', [ids, context]);
      await rpc.call('model.sale.sale.confirm', [ids, context]);
    };
  });
}

/** The whole keying bot keying `orders` after one warm-up order per context; returns orders/s and the ledger's sale numbers. */
async function wholeBot(redisUrl: string, info: TrytonInfo, warmUp: BenchOrder[], orders: BenchOrder[], concurrency: number, traces: boolean): Promise<{ rate: number; numbers: Map<string, string | undefined> }> {
  const settings = loadSettings({
    env: {
      REDIS_URL: redisUrl, ORDERDESK_REDIS_PREFIX: `bench-${randomUUID().slice(0, 8)}`,
      CRM_TARGET: 'tryton', CRM_URL: info.url, CRM_USER: info.user, CRM_PASSWORD: info.password, CRM_DATABASE: info.database,
      KEYING_CONCURRENCY: String(concurrency), KEYING_MAX_ORDERS_PER_SECOND: '1000', KEYING_SCREEN_TIMEOUT_MS: '30000', KEYING_TRACES: String(traces),
      ORDERDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-keying-tryton-')), LOG_LEVEL: 'warn',
    },
  });
  const runtime = await Runtime.create(settings);
  try {
    const all = [...warmUp, ...orders];
    const ids = all.map(() => `ord-${randomUUID()}`);
    await runtime.ledger.recordReceived(all.map((o, i) => ({
      orderId: ids[i] as string, externalRef: o.externalRef,
      order: { externalRef: o.externalRef, customerId: o.customerCode, productCode: o.productCode, amount: o.amount, termMonths: 12, orderDate: '2026-03-01', currency: 'CNY', paymentMethod: 'bank_transfer', salesRep: 'Bench', branch: 'SH-PD', notes: '' },
      source: { kind: 'import' as const, reference: `bench-${randomUUID()}`, row: i + 2 },
    })), 'bench');
    for (const id of ids) await runtime.ledger.setStatus(id, 'approved', { actor: 'bench' });
    const enqueue = (some: string[]) => runtime.queues.addBulk('keying', some.map((id) => ({ jobId: jobIdFor('keying', id), payload: { orderId: id } })));
    /** Waits for the orders in turn (the oldest unfinished only, a light poll); throws on one that did not get keyed. */
    const allKeyed = async (some: string[]): Promise<void> => {
      const deadline = Date.now() + PER_ORDER_DEADLINE_MS * Math.max(1, some.length / concurrency) + 60_000;
      const pending = [...some];
      while (pending.length > 0) {
        const order = await runtime.ledger.get(pending[0] as string);
        if (order?.status === 'keyed') pending.shift();
        else if (order && FINAL.includes(order.status)) throw new Error(`bot: ${order.externalRef} ended ${order.status}: ${order.statusNote ?? ''}`);
        else if (Date.now() > deadline) throw new Error(`bot: ${pending.length} of ${some.length} orders not keyed by the deadline (${order?.externalRef} is ${order?.status})`);
        else await new Promise((r) => setTimeout(r, 100));
      }
    };
    const role = startKeyingRole(runtime);
    try {
      const warmIds = ids.slice(0, warmUp.length);
      const timedIds = ids.slice(warmUp.length);
      await enqueue(warmIds);
      await allKeyed(warmIds);
      const started = performance.now();
      await enqueue(timedIds);
      await allKeyed(timedIds);
      const rate = timedIds.length / ((performance.now() - started) / 1000);
      const numbers = new Map<string, string | undefined>();
      for (const id of ids) {
        const order = await runtime.ledger.get(id);
        if (order) numbers.set(order.externalRef, order.crmOrderNo);
      }
      return { rate, numbers };
    } finally {
      await role.close();
    }
  } finally {
    await runtime.close();
  }
}

async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** The Acme suite's keying headline from the last `npm run bench` (bench/RESULTS.md), if there is one. */
function acmeFigure(): { text: string; ordersPerSecond: number | undefined } | undefined {
  const path = fileURLToPath(new URL('RESULTS.md', import.meta.url));
  if (!existsSync(path)) return undefined;
  const results = readFileSync(path, 'utf8');
  const row = /^\| (keying, \d+ orders per run) \| ([^|]+) \|/m.exec(results);
  if (!row) return undefined;
  const written = /^Written by `npm run bench` on ([\d-]+ [\d:]+ UTC)/m.exec(results)?.[1] ?? 'an unknown date';
  const load = /load average ([\d.]+) at the start/.exec(results)?.[1];
  const rate = /([\d.]+) orders\/s/.exec(row[2] ?? '')?.[1];
  return {
    text: `${row[1]}: ${(row[2] ?? '').trim()} (bench/RESULTS.md, npm run bench of ${written}${load ? `, load average ${load} at its start` : ''})`,
    ordersPerSecond: rate === undefined ? undefined : Number(rate),
  };
}

type Cell = number | Error;
// Three decimals: sao keys an order in tens of seconds, so two would round 0.052 and 0.045 alike.
const fmt = (c: Cell | undefined): string => (c === undefined ? '-' : c instanceof Error ? 'FAILED' : c.toFixed(3));
const ratio = (a: Cell | undefined, b: Cell | undefined): string => (typeof a === 'number' && typeof b === 'number' ? (a / b).toFixed(3) : '-');

const loads: number[] = [];
const sampleLoad = (): number => loads[loads.push(loadavg()[0] ?? 0) - 1] as number;
sampleLoad();
const sampler = setInterval(sampleLoad, 5_000);
const redis = await startRedis();
const results: { concurrency: number; rpc?: Cell; bot: Map<boolean, Cell>; load: string }[] = [];
const failures: string[] = [];
try {
  for (const concurrency of CONCURRENCIES) {
    // A fresh copy of the seeded database per concurrency, so each starts from the same state.
    const server = await TrytonServer.start();
    const info = server.info();
    const row: (typeof results)[number] = { concurrency, bot: new Map(), load: '' };
    results.push(row);
    const firstSample = loads.length;
    try {
      const attempt = async (label: string, run: () => Promise<number>): Promise<Cell> => {
        try {
          const rate = await run();
          console.log(`concurrency ${concurrency}, ${label}: ${rate.toFixed(3)} orders/s (load average ${sampleLoad().toFixed(1)})`);
          return rate;
        } catch (error) {
          const e = error instanceof Error ? error : new Error(String(error));
          failures.push(`concurrency ${concurrency}, ${label}: ${e.message}`);
          console.log(`concurrency ${concurrency}, ${label}: FAILED: ${e.message}`);
          return e;
        }
      };
      row.rpc = await attempt('RPC floor', async () => {
        const orders = await ordersFor(info, `RPC${concurrency}`, ORDERS);
        const rate = await rpcFloor(info, orders, concurrency);
        await verify(info, orders);
        return rate;
      });
      for (const traces of TRACES) {
        const prefix = `BOT${traces ? 'T' : 'NT'}${concurrency}`;
        row.bot.set(traces, await attempt(`bot (traces ${traces ? 'on' : 'off'})`, async () => {
          const warmUp = await ordersFor(info, `WARM-${prefix}`, concurrency);
          const orders = await ordersFor(info, prefix, ORDERS);
          const { rate, numbers } = await wholeBot(redis.url, info, warmUp, orders, concurrency, traces);
          await verify(info, [...warmUp, ...orders], numbers);
          return rate;
        }));
      }
    } finally {
      const during = loads.slice(Math.max(0, firstSample - 1));
      row.load = `${Math.min(...during).toFixed(1)}–${Math.max(...during).toFixed(1)}`;
      await server.close();
    }
  }
} finally {
  clearInterval(sampler);
  redis.stop();
}

const headlineTraces = TRACES.includes(true);
const botOf = (r: (typeof results)[number]): Cell | undefined => r.bot.get(headlineTraces);
const best = results.reduce<(typeof results)[number] | undefined>((b, r) => {
  const rate = botOf(r);
  const bestRate = b ? botOf(b) : undefined;
  return typeof rate === 'number' && (typeof bestRate !== 'number' || rate > bestRate) ? r : b;
}, undefined);
const acme = acmeFigure();

console.log(`\nTryton 6.0 through sao, ${ORDERS} orders per run (plus one untimed warm-up order per bot context), orders/s`);
console.log('| concurrency | bot (traces on) | bot (traces off) | RPC floor | bot/RPC | bot no-trace/RPC | load average (1 min) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.concurrency} | ${fmt(r.bot.get(true))} | ${fmt(r.bot.get(false))} | ${fmt(r.rpc)} | ${ratio(r.bot.get(true), r.rpc)} | ${ratio(r.bot.get(false), r.rpc)} | ${r.load} |`);
}
console.log(`\nAcme suite, beside it: ${acme?.text ?? 'no keying figure in bench/RESULTS.md (run npm run bench)'}`);
for (const f of failures) console.log(`FAILED: ${f}`);

const bestRate = best ? botOf(best) : undefined;
const tracesText = `traces ${headlineTraces ? 'on' : 'off'}`;
const acmeText = acme?.ordersPerSecond !== undefined ? `; Acme suite ${acme.ordersPerSecond.toFixed(2)} orders/s (bench/RESULTS.md)` : '';
printHeadline({
  bench: `keying on Tryton (sao), ${ORDERS} orders per run`,
  figure: best && typeof bestRate === 'number'
    ? `${bestRate.toFixed(3)} orders/s (${(1 / bestRate).toFixed(1)} s per order) at concurrency ${best.concurrency} (${tracesText}); bot/RPC floor ${ratio(bestRate, best.rpc)} (floor ${fmt(best.rpc)} orders/s)${acmeText}`
    : `no bot run succeeded${acmeText}`,
  goal: 'report only (sao is a heavy single-page app); every reference keyed once',
  met: failures.length === 0,
});
if (failures.length > 0) process.exitCode = 1;
