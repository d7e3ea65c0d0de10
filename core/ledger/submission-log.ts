import type { Redis } from 'ioredis';

/** One e-mail or dropped file, as a whole: what became of it. */
export interface SubmissionRecord {
  id: string;
  kind: 'mail' | 'drop-folder' | 'import';
  /** Message-ID or file name. */
  reference: string;
  submitter: string;
  outcome: 'processed' | 'refused' | 'unrecognized' | 'approval-reply' | 'quarantined';
  accepted: number;
  rejected: number;
  /** The refusal's code when the whole submission was refused. */
  refusalCode?: string;
  receiptMailId?: string;
  recordedAt: string;
}

/**
 * Durable outcome of each submission, written before the message or file is moved at the source, so a
 * crash between the two is repaired by the retry (it finds the outcome and only moves).
 */
export class SubmissionLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:submission:${id}`;
  }

  async get(id: string): Promise<SubmissionRecord | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as SubmissionRecord) : undefined;
  }

  /** Submissions recorded in [from, to), oldest first. */
  async recordedBetween(from: Date, to: Date): Promise<SubmissionRecord[]> {
    const ids = await this.redis.zrangebyscore(`${this.prefix}:submissions`, from.getTime(), `(${to.getTime()}`);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.key(id)));
    return raws.flatMap((raw) => (raw ? [JSON.parse(raw) as SubmissionRecord] : []));
  }

  async record(record: Omit<SubmissionRecord, 'recordedAt'>): Promise<SubmissionRecord> {
    const full: SubmissionRecord = { ...record, recordedAt: new Date().toISOString() };
    await this.redis
      .multi()
      .set(this.key(record.id), JSON.stringify(full))
      .zadd(`${this.prefix}:submissions`, Date.now(), record.id)
      .exec();
    return full;
  }
}
