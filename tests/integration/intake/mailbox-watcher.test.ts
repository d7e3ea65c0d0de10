import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IntakeMailboxWatcher } from '../../../jobs/intake-mailbox-watcher.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

const stack = inject('stack');
const shared = sandboxMailbox(stack, 'orders');
const settings = testSettings(stack, shared);
let runtime: Runtime;
let watcher: IntakeMailboxWatcher;

async function send(messageId: string): Promise<void> {
  await createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: shared.address, pass: shared.password } }).sendMail({
    from: shared.address,
    to: shared.address,
    subject: 'watch me',
    text: 'x',
    messageId,
  });
}

async function waitingTriageJobs(): Promise<number> {
  return runtime.queues.get('intake').getWaitingCount();
}

beforeAll(async () => {
  runtime = await Runtime.create(settings);
  watcher = new IntakeMailboxWatcher({
    account: runtime.sharedMailboxAccount(),
    redis: runtime.redis,
    queues: runtime.queues,
    prefix: settings.redis.prefix,
    log: runtime.log,
    sweepIntervalMs: 60_000, // long: this test drives scans itself or relies on IDLE
  });
});
afterAll(async () => {
  await watcher?.close();
  await runtime?.close();
});

describe('the shared mailbox watcher', () => {
  it('makes one triage job per message, and picks up new mail through IDLE', async () => {
    await send(`<${randomUUID()}@test>`);
    await send(`<${randomUUID()}@test>`);
    await watcher.start();
    expect(await waitingTriageJobs()).toBe(2);
    const cursor = await watcher.readCursor();
    expect(cursor?.lastUid).toBe(2);

    // Scanning again finds nothing new.
    await watcher.scanSoon();
    expect(await waitingTriageJobs()).toBe(2);

    // New mail wakes the watcher through IDLE, without a sweep.
    await send(`<${randomUUID()}@test>`);
    await eventually('the IDLE-triggered scan', async () => ((await waitingTriageJobs()) === 3 ? true : undefined), 10_000);
  });
});
