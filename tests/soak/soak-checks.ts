import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Job } from 'bullmq';
import { groundTruth, type TruthOrder } from '../../fixtures/back-office/acme-ground-truth.ts';
import type { ApproverRobot } from '../../fixtures/back-office/approver-robot.ts';
import { MailPerson, type MailAccount } from '../../fixtures/back-office/mail-person.ts';
import type { StackInfo } from '../../fixtures/local-stack/index.ts';
import type { OrderStatus } from '../../core/ledger/order-ledger.ts';
import type { DunningOutcome } from '../../jobs/dunning.job.ts';
import { jobIdFor, type QueueName } from '../../jobs/queue-catalogue.ts';
import type { Runtime } from '../../jobs/runtime.ts';
import type { PlannedSheet } from './soak-sheets.ts';

const ORDERDESK_BIN = fileURLToPath(new URL('../../bin/orderdesk', import.meta.url));
const FINAL: readonly OrderStatus[] = ['keyed', 'rejected', 'needs_attention', 'failed', 'expired'];
const DRAINED_QUEUES: readonly QueueName[] = ['intake', 'review', 'approvals', 'keying', 'mail', 'dunning'];
const LEVELS = { auto: 0, 'one-level': 1, 'three-levels': 3 } as const;

export interface MailedSheet {
  sheet: PlannedSheet;
  messageId: string;
  acceptedAt: number;
}

export interface SoakReport {
  ok: boolean;
  problems: string[];
  figures: Record<string, number | string>;
  restarts: Record<string, number>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** How often the drain looks at the ledger and the queues: its end is the soak's end, so look often. */
const DRAIN_POLL_MS = 1_000;

async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work();
    } catch (error) {
      if (i >= 30) throw error;
      await sleep(1_000);
    }
  }
}

/** Waits until every accepted order reached an end and every queue is empty, or the time is up. */
async function drain(runtime: Runtime, refs: string[], deadline: number, runDate: string, log: (line: string) => void): Promise<Map<string, OrderStatus | undefined>> {
  let lastReport = Date.now();
  for (;;) {
    const statuses = await retrying(async () => {
      const found = new Map<string, OrderStatus | undefined>();
      for (const ref of refs) {
        const id = await runtime.ledger.findByReference(ref);
        found.set(ref, id ? (await runtime.ledger.get(id))?.status : undefined);
      }
      return found;
    });
    const ordersDone = [...statuses.values()].every((s) => s !== undefined && FINAL.includes(s));
    const busy: string[] = [];
    const queuesEmpty = await retrying(async () => {
      busy.length = 0;
      for (const name of DRAINED_QUEUES) {
        const c = await runtime.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        if (total > 0) busy.push(`${name} ${JSON.stringify(c)}`);
      }
      return busy.length === 0 && (await runtime.queues.get('dunning').getJobState(jobIdFor('dunning-run', runDate))) !== 'unknown';
    });
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      const open = [...statuses.values()].filter((s) => s === undefined || !FINAL.includes(s));
      log(`soak: draining: ${open.length} orders open (${[...new Set(open)].join(', ')}); busy: ${busy.join('; ') || 'none'}`);
    }
    if ((ordersDone && queuesEmpty) || Date.now() > deadline) return statuses;
    await sleep(DRAIN_POLL_MS);
  }
}

/** Message-IDs seen more than once in one mailbox: a mail sent twice. */
function duplicateIds(mails: { messageId?: string | undefined }[]): string[] {
  const seen = new Map<string, number>();
  for (const m of mails) if (m.messageId) seen.set(m.messageId, (seen.get(m.messageId) ?? 0) + 1);
  return [...seen.entries()].filter(([, n]) => n > 1).map(([id]) => id);
}

export async function checkSoak(input: {
  runtime: Runtime;
  info: StackInfo;
  plan: PlannedSheet[];
  mailed: MailedSheet[];
  started: number;
  drainTimeoutMs: number;
  runDate: string;
  configPath: string;
  robots: ApproverRobot[];
  log: (line: string) => void;
}): Promise<SoakReport> {
  const { runtime, info, plan, mailed, started, runDate, log } = input;
  const problems: string[] = [];
  const goodRows = plan.flatMap((s) => s.rows.filter((r) => r.route !== undefined));
  const badRows = plan.flatMap((s) => s.rows.filter((r) => r.bad !== undefined));
  const refs = goodRows.map((r) => r.order.externalRef);

  const statuses = await drain(runtime, refs, Date.now() + input.drainTimeoutMs, runDate, log);
  const drainedAt = Date.now();
  log(`soak: drained (or gave up) after ${((drainedAt - started) / 1000).toFixed(0)} s`);

  const truth = await groundTruth<TruthOrder>(info.crm.url, 'orders');
  const inCrm = new Map<string, number>();
  for (const o of truth) inCrm.set(o.externalRef, (inCrm.get(o.externalRef) ?? 0) + 1);

  let accepted = 0;
  let keyed = 0;
  let rejectedByApprover = 0;
  let approvalsChecked = 0;
  for (const row of goodRows) {
    const ref = row.order.externalRef;
    const status = statuses.get(ref);
    const crmCount = inCrm.get(ref) ?? 0;
    if (status === undefined) problems.push(`LOST ${ref}: mailed, never in the ledger`);
    else accepted += 1;
    if (row.rejectedByApprover) {
      if (status === 'rejected') rejectedByApprover += 1;
      else problems.push(`${ref}: expected rejected by its approver, is ${status}`);
      if (crmCount !== 0) problems.push(`${ref}: rejected, yet ${crmCount}x in the CRM`);
      continue;
    }
    if (status === 'keyed') keyed += 1;
    else if (status !== undefined && !FINAL.includes(status)) {
      problems.push(`NOT DRAINED ${ref}: still ${status} when the time ran out (in the ledger, not lost)`);
      // Its trail is the only record of where it stopped: the roles log at warn.
      const id = await runtime.ledger.findByReference(ref);
      const trail = id ? await runtime.ledger.auditTrail(id) : [];
      log(`soak: ${ref} trail: ${trail.map((e) => `${e.at} ${e.action}${e.reason ? ` (${e.reason})` : ''}`).join('; ')}`);
    }
    else if (status !== undefined) problems.push(`${ref}: expected keyed, ended ${status}`);
    if (crmCount > 1) problems.push(`DUPLICATE ${ref}: ${crmCount}x in the CRM`);
    if (status === 'keyed' && crmCount === 0) problems.push(`${ref}: keyed in the ledger, missing in the CRM`);
    const levels = LEVELS[row.route ?? 'auto'];
    if (levels > 0 && status === 'keyed') {
      approvalsChecked += 1;
      const id = await retrying(async () => runtime.ledger.findByReference(ref));
      const trail = id ? await retrying(() => runtime.ledger.auditTrail(id)) : [];
      const decisions = trail.filter((e) => e.action === 'approval:decision' && e.detail?.['decision'] === 'approve');
      // The last level's decision is what makes the order approved; keying may start only after it.
      const approvedAt = decisions.length >= levels ? decisions[decisions.length - 1]?.at : undefined;
      const firstKeying = trail.find((e) => e.action === 'keying:started')?.at;
      if (!approvedAt || !firstKeying || firstKeying < approvedAt) {
        problems.push(`APPROVAL SKIPPED ${ref}: ${decisions.length}/${levels} approvals, approved ${approvedAt ?? 'never'}, keying started ${firstKeying ?? 'never'}`);
      }
    }
  }
  for (const row of badRows) {
    const ref = row.order.externalRef;
    if ((inCrm.get(ref) ?? 0) > 0) problems.push(`${ref}: a ${row.bad} row reached the CRM`);
  }

  // Receipts: exactly one per mailed sheet, threaded to it; no mail twice in any mailbox.
  const servers = { imap: info.imap, smtp: info.smtp };
  const accounts = new Map<string, MailAccount>();
  for (const m of mailed) {
    const box = Object.values(info.mailboxes).find((b) => b.address === m.sheet.submitter) ?? { address: m.sheet.submitter, password: info.sandbox.password };
    accounts.set(box.address, box);
  }
  for (const box of [info.mailboxes['sales.manager'], info.mailboxes.risk, info.mailboxes.compliance, info.mailboxes.finance, info.mailboxes.ops]) accounts.set(box.address, box);
  let receipts = 0;
  let duplicatesInMail = 0;
  const inboxes = new Map<string, Awaited<ReturnType<MailPerson['inbox']>>>();
  for (const account of accounts.values()) {
    const inbox = await new MailPerson(account, servers).inbox();
    inboxes.set(account.address, inbox);
    const dups = duplicateIds(inbox);
    duplicatesInMail += dups.length;
    for (const id of dups) problems.push(`DUPLICATE MAIL ${id} in ${account.address}`);
  }
  for (const m of mailed) {
    // Threaded to the submission: the receipt, and later the keying summary and any rejection notice.
    const count = (inboxes.get(m.sheet.submitter) ?? []).filter((mail) => mail.inReplyTo === m.messageId && /Receipt/.test(mail.subject ?? '')).length;
    receipts += count;
    if (count !== 1) problems.push(`receipt for sheet ${m.sheet.index + 1} (${m.messageId}): ${count} received`);
  }

  // Letters: the run's letters in the customers' catch-all, none twice, and a rerun of the date sends none.
  const dunningJob = (await retrying(() => runtime.queues.get('dunning').getJob(jobIdFor('dunning-run', runDate)))) as Job<unknown, DunningOutcome> | undefined;
  const dunning = dunningJob?.returnvalue;
  if (!dunning) problems.push(`dunning run ${runDate} did not complete (${await dunningJob?.getState()})`);
  const letters = await new MailPerson(info.mailboxes.customers, servers).inbox();
  for (const id of duplicateIds(letters)) problems.push(`DUPLICATE LETTER ${id}`);
  let rerunLetters = -1;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [ORDERDESK_BIN, '--config', input.configPath, 'dunning', 'run', '--date', runDate, '--json'], { env: { ...process.env, LOG_LEVEL: 'error' } });
    rerunLetters = (JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as DunningOutcome).letters.length;
    if (rerunLetters !== 0) problems.push(`dunning rerun of ${runDate} sent ${rerunLetters} letters again`);
  } catch (error) {
    problems.push(`dunning rerun failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const lettersAfterRerun = await new MailPerson(info.mailboxes.customers, servers).inbox();
  if (lettersAfterRerun.length !== letters.length) problems.push(`the rerun added ${lettersAfterRerun.length - letters.length} letters to the customers' mailbox`);

  const figures: Record<string, number | string> = {
    'sheets mailed': mailed.length,
    'rows mailed': goodRows.length + badRows.length,
    'good rows': goodRows.length,
    'bad rows (refused at intake)': badRows.length,
    'accepted (in the ledger)': accepted,
    'keyed (each once in the CRM)': keyed,
    'rejected by an approver': rejectedByApprover,
    'approvals respected (orders checked)': approvalsChecked,
    'approval answers sent': input.robots.reduce((n, r) => n + r.answered.length, 0),
    'receipts (one per sheet)': receipts,
    'mails sent twice': duplicatesInMail,
    'dunning letters': dunning?.letters.length ?? 'run failed',
    'letters in the customers mailbox': letters.length,
    'letters sent again by a rerun': rerunLetters,
    'time to drain (s)': Math.round((drainedAt - started) / 1000),
  };
  return { ok: problems.length === 0, problems, figures, restarts: {} };
}

/** The report as a two-column table for a terminal. */
export function soakTable(report: SoakReport): string {
  const rows = Object.entries(report.figures);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  lines.push(`  ${'worker restarts after SIGKILL'.padEnd(width)}  ${Object.entries(report.restarts).map(([r, n]) => `${r} ${n}`).join(', ')}`);
  lines.push(report.ok ? '  RESULT: nothing lost, nothing doubled, no approval skipped' : `  RESULT: ${report.problems.length} problem(s):`);
  for (const p of report.problems.slice(0, 50)) lines.push(`    ${p}`);
  return `${lines.join('\n')}\n`;
}
