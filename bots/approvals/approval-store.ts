import type { Redis } from 'ioredis';
import type { ApprovalRecord } from './approval-record.ts';

/**
 * Saves an approval record only if nobody saved it since it was read (its version), and in the same
 * step marks the reply's token used (refusing if it already is) and files the order under its next
 * chase time. Two workers or schedulers acting on one order therefore never both win.
 */
const SAVE_LUA = `
local version = redis.call('HGET', KEYS[1], 'version') or '0'
if version ~= ARGV[1] then return 'conflict' end
if ARGV[5] ~= '' then
  if redis.call('EXISTS', KEYS[3]) == 0 then return 'token-missing' end
  if redis.call('HEXISTS', KEYS[3], 'usedAt') == 1 then return 'token-used' end
  redis.call('HSET', KEYS[3], 'usedAt', ARGV[5], 'usedBy', ARGV[6], 'usedByReply', ARGV[7])
end
redis.call('HSET', KEYS[1], 'version', tostring(tonumber(version) + 1), 'data', ARGV[2])
if ARGV[4] == '' then redis.call('ZREM', KEYS[2], ARGV[3]) else redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3]) end
return 'saved'
`;

/** Optimistic saves retry this often before giving up (as a system fault, so the job retries later). */
const MAX_SAVE_ATTEMPTS = 20;

type SaveCommand = (recordKey: string, pendingKey: string, tokenKey: string, ...args: string[]) => Promise<'saved' | 'conflict' | 'token-missing' | 'token-used'>;

export interface TokenUse {
  /** The token's Redis key (ApprovalTokens.keyOf). */
  key: string;
  at: string;
  by: string;
  replyId: string;
}

/** What a change wants saved: the new record, when chasing should look at it next (null: never), a token to use. */
export interface ApprovalChange<T> {
  record: ApprovalRecord;
  nextChaseAt: Date | null;
  tokenUse?: TokenUse;
  result: T;
}

export type SaveOutcome<T> = { saved: true; record: ApprovalRecord; result: T } | { saved: false; reason: 'token-used' | 'token-missing' | 'unchanged'; record: ApprovalRecord | undefined };

export class ApprovalStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!('orderdeskSaveApproval' in redis)) redis.defineCommand('orderdeskSaveApproval', { numberOfKeys: 3, lua: SAVE_LUA });
  }

  private recordKey(orderId: string): string {
    return `${this.prefix}:approval:${orderId}`;
  }

  /** Orders with an open approval, scored by when chasing should next look at them. */
  private get pendingKey(): string {
    return `${this.prefix}:approvals:pending`;
  }

  private async read(orderId: string): Promise<{ record: ApprovalRecord | undefined; version: string }> {
    const [version, data] = await this.redis.hmget(this.recordKey(orderId), 'version', 'data');
    return { record: data ? (JSON.parse(data) as ApprovalRecord) : undefined, version: version ?? '0' };
  }

  async get(orderId: string): Promise<ApprovalRecord | undefined> {
    return (await this.read(orderId)).record;
  }

  /** Orders whose next chase time is at or before `now`. */
  async due(now: Date, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.pendingKey, '-inf', now.getTime(), 'LIMIT', 0, limit);
  }

  /** Files an order under its next chase time (null: chasing is done with it). */
  async reschedule(orderId: string, at: Date | null): Promise<void> {
    if (at) await this.redis.zadd(this.pendingKey, at.getTime(), orderId);
    else await this.redis.zrem(this.pendingKey, orderId);
  }

  /**
   * Reads, lets `change` decide (undefined: nothing to do), and saves if nobody saved in between;
   * otherwise reads again and asks `change` again, so every decision is made on the latest record.
   */
  async update<T>(orderId: string, change: (record: ApprovalRecord | undefined) => ApprovalChange<T> | undefined): Promise<SaveOutcome<T>> {
    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      const { record, version } = await this.read(orderId);
      const wanted = change(record);
      if (!wanted) return { saved: false, reason: 'unchanged', record };
      const save = (this.redis as unknown as { orderdeskSaveApproval: SaveCommand }).orderdeskSaveApproval;
      const reply = await save.call(
        this.redis,
        this.recordKey(orderId),
        this.pendingKey,
        wanted.tokenUse?.key ?? this.recordKey(orderId),
        version,
        JSON.stringify(wanted.record),
        orderId,
        wanted.nextChaseAt ? String(wanted.nextChaseAt.getTime()) : '',
        wanted.tokenUse?.at ?? '',
        wanted.tokenUse?.by ?? '',
        wanted.tokenUse?.replyId ?? '',
      );
      if (reply === 'saved') return { saved: true, record: wanted.record, result: wanted.result };
      if (reply !== 'conflict') return { saved: false, reason: reply, record };
    }
    throw new Error(`approval ${orderId}: too many concurrent changes; will retry`);
  }
}
