import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  makeBadSheetCorpus,
  makeSampleOrders,
  orderTable,
  tableXlsxBuffer,
  type SampleOrder,
} from '../../../fixtures/sample-sheets/make-order-sheets.ts';
import { startIntakeRole, type RunningRole } from '../../../jobs/roles.ts';
import { sendUnrecognizedDigest } from '../../../jobs/unrecognized-digest.job.ts';
import { Runtime } from '../../../jobs/runtime.ts';
import { eventually, readFolder, sandboxMailbox, testSettings } from '../helpers/test-environment.ts';

const stack = inject('stack');
const orders = sandboxMailbox(stack, 'orders');
const sales = sandboxMailbox(stack, 'sales');
const outsider = { address: `someone-${randomUUID().slice(0, 6)}@customers.example`, password: '' };
const base = testSettings(stack, orders);
const settings = { ...base, intake: { ...base.intake, allowedSenderDomains: [stack.sandbox.domain], sweepIntervalSeconds: 5 } };

let runtime: Runtime;
let intake: RunningRole;

beforeAll(async () => {
  runtime = await Runtime.create(settings);
  intake = await startIntakeRole(runtime);
});
afterAll(async () => {
  await intake?.close();
  await runtime?.close();
});

function uniqueOrders(count: number): SampleOrder[] {
  const tag = randomUUID().slice(0, 6).toUpperCase();
  return makeSampleOrders(count, 11).map((o, i) => ({ ...o, externalRef: `T${tag}-${i + 1}` }));
}

async function mailSheet(from: typeof sales, attachments: { filename: string; content: Buffer }[], extra: { to?: string; subject?: string } = {}) {
  const messageId = `<${randomUUID()}@${stack.sandbox.domain}>`;
  await createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: from.address, pass: from.password } }).sendMail({
    from: from.address,
    to: extra.to ?? orders.address,
    subject: extra.subject ?? `Orders ${messageId}`,
    text: 'Please book the attached orders.',
    messageId,
    attachments,
  });
  return messageId;
}

async function receiptFor(messageId: string) {
  return eventually(`a receipt for ${messageId}`, async () => {
    for (const message of await readFolder(stack, sales)) {
      const parsed = await simpleParser(message.source);
      if (parsed.inReplyTo === messageId) return parsed;
    }
    return undefined;
  });
}

describe('mailed order sheets', () => {
  it('records accepted orders, queues them for review, replies with a threaded receipt, and files the mail', async () => {
    const good = uniqueOrders(5);
    const table = orderTable(good);
    table.push(table[1] as unknown[]); // the first order's reference again: a duplicate in the sheet
    const badRow = [...(table[2] as unknown[])];
    badRow[0] = `${good[0]?.externalRef}-BAD`;
    badRow[9] = -1; // amount not positive
    table.push(badRow);
    const messageId = await mailSheet(sales, [{ filename: '订单.xlsx', content: await tableXlsxBuffer([{ name: '订单', rows: [['11月订单'], [], ...table] }]) }]);

    const receipt = await receiptFor(messageId);
    expect(receipt.inReplyTo).toBe(messageId);
    expect(receipt.subject).toMatch(/5 accepted, 2 rejected/);
    expect(receipt.text).toMatch(/Row 9 .*repeats row 4/);
    expect(receipt.text).toMatch(/Row 10 .*Amount must be greater than zero/);
    const resultBook = receipt.attachments.find((a) => a.filename === 'receipt-results.xlsx');
    expect(resultBook).toBeDefined();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(resultBook!.content as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBe(8); // header + 7 data rows

    for (const order of good) {
      const orderId = await runtime.ledger.findByReference(order.externalRef);
      expect(orderId, order.externalRef).toBeDefined();
      const recorded = await runtime.ledger.get(orderId as string);
      expect(recorded?.order).toMatchObject({ externalRef: order.externalRef, amount: order.amount, customerId: order.customerId });
      expect(recorded?.source).toMatchObject({ kind: 'mail', reference: messageId, submitter: sales.address });
      expect(await runtime.queues.get('review').getJob(`review-${orderId}`)).toBeDefined();
    }
    const processed = await eventually('the mail in Processed', async () => {
      const folder = await readFolder(stack, orders, 'Processed');
      return folder.find((m) => m.source.includes(messageId));
    });
    expect(processed).toBeDefined();
    expect((await readFolder(stack, orders)).some((m) => m.source.includes(messageId))).toBe(false);
  });

  it('rejects every row of a re-sent sheet as already received, and doubles nothing', async () => {
    const sheet = await tableXlsxBuffer([{ name: '订单', rows: orderTable(uniqueOrders(3)) }]);
    const first = await mailSheet(sales, [{ filename: 'a.xlsx', content: sheet }]);
    expect((await receiptFor(first)).subject).toMatch(/3 accepted, 0 rejected/);
    const before = await runtime.ledger.countOrders();
    const second = await mailSheet(sales, [{ filename: 'a.xlsx', content: sheet }]);
    const receipt = await receiptFor(second);
    expect(receipt.subject).toMatch(/0 accepted, 3 rejected/);
    expect(receipt.text).toMatch(/already received/);
    expect(await runtime.ledger.countOrders()).toBe(before);
  });

  it('gives a clear receipt for each bad file, and files those mails under Rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orderdesk-bad-corpus-'));
    const corpus = (await makeBadSheetCorpus(dir)).filter((c) => !c.limits && !c.sheet);
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    const sent = await Promise.all(
      corpus.map(async (c) => ({ c, messageId: await mailSheet(sales, [{ filename: basename(c.file), content: await readFile(c.file) }]) })),
    );
    for (const { c, messageId } of sent) {
      const receipt = await receiptFor(messageId);
      if (c.expect === 'rows-rejected') {
        expect(receipt.subject, c.file).toMatch(/0 accepted, [1-9]\d* rejected/);
      } else {
        expect(receipt.subject, c.file).toMatch(/1 file\(s\) refused/);
        expect(receipt.text, c.file).toMatch(/File refused: .+ \/ .+/);
      }
    }
    const rejected = await eventually('every refused mail in Rejected', async () => {
      const folder = await readFolder(stack, orders, 'Rejected');
      const refusedIds = sent.filter((s) => s.c.expect !== 'rows-rejected').map((s) => s.messageId);
      return refusedIds.every((id) => folder.some((m) => m.source.includes(id))) ? folder : undefined;
    }, 30_000);
    expect(rejected.length).toBeGreaterThanOrEqual(corpus.length - 1);
  }, 90_000);

  it('refuses an attachment over the size limit, and answers a mail without a sheet', async () => {
    const big = Buffer.alloc(settings.intake.maxAttachmentBytes + 1, 0x41);
    const oversized = await mailSheet(sales, [{ filename: 'huge.csv', content: big }]);
    expect((await receiptFor(oversized)).text).toMatch(/exceeds the size limit.*the limit is 10 MiB/);
    const noSheet = await mailSheet(sales, []);
    expect((await receiptFor(noSheet)).subject).toMatch(/No order sheet found/);
  }, 60_000);

  it('moves mail from outside the allowed domains to Unrecognized without replying', async () => {
    const transport = createTransport({ host: stack.smtp.host, port: stack.smtp.port, secure: false, ignoreTLS: true, auth: { user: sales.address, pass: sales.password } });
    const messageId = `<${randomUUID()}@${stack.sandbox.domain}>`;
    // Sent through the relay by an allowed user but with an outside From: the domain check reads the header.
    await transport.sendMail({ from: outsider.address, sender: sales.address, to: orders.address, subject: 'Special offer', text: 'Buy now', messageId });
    await eventually('the mail in Unrecognized', async () => (await readFolder(stack, orders, 'Unrecognized')).find((m) => m.source.includes(messageId)));
    const trail = await runtime.ledger.auditTrail();
    expect(trail.some((e) => e.action === 'mail-unrecognized' && JSON.stringify(e.detail).includes(messageId))).toBe(true);

    // Ops hear of it once, in the day's digest.
    const digestId = await sendUnrecognizedDigest(runtime);
    expect(digestId).toMatch(/^unrecognized-digest-\d{4}-\d{2}-\d{2}$/);
    const digest = await runtime.outbox.staged(digestId as string);
    expect(digest?.to).toEqual([settings.mail.opsAddress]);
    expect(digest?.text).toContain(messageId);
    expect(await sendUnrecognizedDigest(runtime)).toBe(digestId);
    expect((await runtime.queues.get('mail').getJobs()).filter((j) => j.id === `mail-${digestId}`)).toHaveLength(1);
  });

  it('leaves an approval reply unread in INBOX for the approvals bot', async () => {
    const [local, domain] = orders.address.split('@');
    const messageId = await mailSheet(sales, [], { to: `${local}+apv-tok123@${domain}`, subject: 'Re: Approval needed SO-1' });
    await eventually('the reply triaged', async () => {
      const trail = await runtime.ledger.auditTrail();
      return trail.find((e) => e.action === 'approval-reply-received' && JSON.stringify(e.detail).includes(messageId));
    });
    const inbox = await readFolder(stack, orders);
    const reply = inbox.find((m) => m.source.includes(messageId));
    expect(reply).toBeDefined();
    expect(reply?.flags.has('\\Seen')).toBe(false);
  });
});
