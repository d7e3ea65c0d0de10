import type { Redis } from 'ioredis';
import type { WorkingCalendar } from '../../core/calendar/working-calendar.ts';
import type { AuditEvent, LedgerOrder, OrderLedger } from '../../core/ledger/order-ledger.ts';
import type { Outbox } from '../../core/mail/outbox.ts';
import type { OutgoingMail } from '../../core/mail/outgoing-mail.ts';
import type { CanonicalOrder } from '../intake/canonical-order.ts';
import { ApprovalStore } from './approval-store.ts';
import { ApprovalTokens } from './approval-tokens.ts';
import type { ApproverDirectory } from './approver-directory.ts';
import type { DecisionKeywords } from './decision-keywords.ts';
import { nextChaseAt, type ChasePolicy } from './chasing.ts';
import type { ApprovalRecord } from './approval-record.ts';

/** The actor of the approvals bot's own audit events. */
export const APPROVALS_BOT = 'approvals-bot';

export interface ApprovalDeskOptions {
  redis: Redis;
  prefix: string;
  ledger: OrderLedger;
  outbox: Outbox;
  directory: ApproverDirectory;
  calendar: WorkingCalendar;
  policy: ChasePolicy;
  mail: { sharedMailbox: string; opsAddress: string; firmDomain: string };
  security: { trustedAuthservId: string; requireDmarcPass: boolean };
  /** The decision keywords (config/approval-keywords.yaml); default: the shipped file. */
  keywords?: DecisionKeywords;
  /** Queues a staged mail for sending (the outbox sends each id once). */
  queueMail: (mailId: string) => Promise<void>;
  now: () => Date;
}

/**
 * What the approvals units (level requests, reply handling, chasing) share: the wiring, the approval
 * store and tokens, and the few habits every unit follows (send through the outbox, audit once).
 */
export class ApprovalContext {
  readonly store: ApprovalStore;
  readonly tokens: ApprovalTokens;

  constructor(readonly options: ApprovalDeskOptions) {
    this.store = new ApprovalStore(options.redis, options.prefix);
    this.tokens = new ApprovalTokens(options.redis, options.prefix);
  }

  get ledger(): OrderLedger {
    return this.options.ledger;
  }

  get timeZone(): string {
    return this.options.calendar.timeZone;
  }

  get sharedMailbox(): string {
    return this.options.mail.sharedMailbox;
  }

  now(): Date {
    return this.options.now();
  }

  order(orderId: string): Promise<LedgerOrder<CanonicalOrder> | undefined> {
    return this.options.ledger.get<CanonicalOrder>(orderId);
  }

  /** When chasing should next look at a record, by the configured calendar and policy. */
  nextChaseAt(record: ApprovalRecord): Date | null {
    return nextChaseAt(record, this.options.calendar, this.options.policy);
  }

  /** Stages a mail under its business-key id and queues it: a re-run sends nothing twice. */
  async send(mail: OutgoingMail): Promise<void> {
    await this.options.outbox.stage(mail);
    await this.options.queueMail(mail.id);
  }

  /** Writes an audit event unless this order's trail already has one for the same key (a re-run). */
  async auditOnce(orderId: string, action: string, key: Record<string, string>, write: () => Promise<void>): Promise<void> {
    const trail = await this.options.ledger.auditTrail(orderId);
    const done = trail.some((e: AuditEvent) => e.action === action && Object.entries(key).every(([k, v]) => e.detail?.[k] === v));
    if (!done) await write();
  }
}
