/**
 * E-mail to CRM: the demo's morning played to the end (`bin/orderdesk demo --once`), timing each order
 * that needed no approval from the relay accepting its sheet to the CRM number in the ledger. The whole
 * path: IMAP IDLE, triage, intake, review, keying through the CRM's screens.
 * Run: npx tsx bench/email-to-crm.bench.ts
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { DemoSummary } from '../jobs/demo/demo-run.ts';
import { printHeadline } from './bench-result.ts';

const ORDERDESK_BIN = fileURLToPath(new URL('../bin/orderdesk', import.meta.url));

const { stdout } = await promisify(execFile)(process.execPath, [ORDERDESK_BIN, 'demo', '--once', '--json'], { maxBuffer: 16 * 1024 * 1024 });
const { summary } = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { summary: DemoSummary };
const { p50, p95, orders } = summary.emailToCrmSeconds;
console.log(`demo morning: ${JSON.stringify(summary.orders)}, ${summary.elapsedSeconds} s in all, ok=${summary.ok}`);
console.log(`e-mail accepted -> keyed in the CRM, ${orders} orders without approval: p50 ${p50} s, p95 ${p95} s`);
printHeadline({ bench: 'e-mail to CRM (demo morning)', figure: `p50 ${p50} s, p95 ${p95} s over ${orders} orders`, goal: 'seconds, not minutes', met: summary.ok && p95 < 60 });
