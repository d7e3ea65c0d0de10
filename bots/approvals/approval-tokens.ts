import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** 128 random bits, lower-case hex: mail systems may fold the case of an address's local part. */
const TOKEN_BYTES = 16;
const TOKEN_FORMAT = /^[0-9a-f]{32}$/;
/**
 * A token's record outlives its expiry by this long, so a late or replayed reply is still recognised as
 * such (and answered or reported) instead of looking like a made-up token.
 */
const RETENTION_AFTER_EXPIRY_MS = 30 * 24 * 3600 * 1000;

/** What a token lets its holder do: answer for one slot of one level of one order, until it expires. */
export interface TokenGrant {
  orderId: string;
  /** 1-based level number. */
  level: number;
  slot: string;
  purpose: 'request' | 'reminder' | 'escalation';
  /** Lower-case addresses whose reply with this token counts. */
  allowed: string[];
  expiresAt: string;
  /** The outbox mail that carries it. */
  mailId: string;
}

export interface TokenRecord extends TokenGrant {
  issuedAt: string;
  usedAt?: string;
  usedBy?: string;
  /** The approvals job that used it: a re-run of that job is not a replay. */
  usedByReply?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token.toLowerCase()).digest('hex');
}

/** A short, non-secret handle for audit entries and ops mails: never the token itself. */
export function tokenRef(token: string): string {
  return hashToken(token).slice(0, 12);
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN_FORMAT.test(token.toLowerCase());
}

/**
 * Approval tokens, stored only as SHA-256 hashes: reading Redis does not reveal a token that would
 * approve anything. "Used" is set by the approval store's save script, atomically with the decision.
 */
export class ApprovalTokens {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  keyOf(token: string): string {
    return `${this.prefix}:approval-token:${hashToken(token)}`;
  }

  async issue(grant: TokenGrant, now: Date): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('hex');
    const key = this.keyOf(token);
    await this.redis
      .multi()
      .hset(key, {
        orderId: grant.orderId,
        level: String(grant.level),
        slot: grant.slot,
        purpose: grant.purpose,
        allowed: JSON.stringify(grant.allowed.map((a) => a.toLowerCase())),
        expiresAt: grant.expiresAt,
        mailId: grant.mailId,
        issuedAt: now.toISOString(),
      })
      .pexpireat(key, Date.parse(grant.expiresAt) + RETENTION_AFTER_EXPIRY_MS)
      .exec();
    return token;
  }

  async find(token: string): Promise<TokenRecord | undefined> {
    if (!isWellFormedToken(token)) return undefined;
    const hash = await this.redis.hgetall(this.keyOf(token));
    if (!hash.orderId) return undefined;
    return {
      orderId: hash.orderId,
      level: Number(hash.level),
      slot: hash.slot ?? '',
      purpose: (hash.purpose ?? 'request') as TokenGrant['purpose'],
      allowed: JSON.parse(hash.allowed ?? '[]') as string[],
      expiresAt: hash.expiresAt ?? '',
      mailId: hash.mailId ?? '',
      issuedAt: hash.issuedAt ?? '',
      ...(hash.usedAt ? { usedAt: hash.usedAt } : {}),
      ...(hash.usedBy ? { usedBy: hash.usedBy } : {}),
      ...(hash.usedByReply ? { usedByReply: hash.usedByReply } : {}),
    };
  }

  /** Withdraws a token that never went out (a concurrent run staged its own mail first). */
  async revoke(token: string): Promise<void> {
    await this.redis.del(this.keyOf(token));
  }
}
