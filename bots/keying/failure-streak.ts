import type { Redis } from 'ioredis';

/**
 * Counts system failures in a row across every keying process (in Redis), and opens a "pause episode"
 * once the count reaches the limit. The episode number keys the one ops mail of that pause; it stays
 * set until the probe sees the CRM answer again and resumes the queue.
 */
const RECORD_FAILURE_LUA = `
local n = redis.call('INCR', KEYS[1])
if n < tonumber(ARGV[1]) then return {n, 0} end
local episode = redis.call('GET', KEYS[2])
if not episode then
  episode = redis.call('INCR', KEYS[3])
  redis.call('SET', KEYS[2], episode)
end
return {n, tonumber(episode)}
`;

export interface FailureRecord {
  /** System failures in a row, this one included. */
  streak: number;
  /** Non-zero when the keying queue must be (or stay) paused: the pause episode's number. */
  pauseEpisode: number;
}

export class FailureStreak {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
  ) {}

  private key(name: string): string {
    return `${this.prefix}:keying:${name}`;
  }

  async recordFailure(): Promise<FailureRecord> {
    const [streak, episode] = (await this.redis.eval(
      RECORD_FAILURE_LUA,
      3,
      this.key('failure-streak'),
      this.key('paused-episode'),
      this.key('pause-episodes'),
      String(this.limit),
    )) as [number, number];
    return { streak, pauseEpisode: episode };
  }

  /** The CRM answered (an order keyed or refused on its merits): the streak is broken. */
  async recordAnswer(): Promise<void> {
    await this.redis.set(this.key('failure-streak'), '0');
  }

  /** The open pause episode, or 0 when keying is not paused by us. */
  async pausedEpisode(): Promise<number> {
    return Number((await this.redis.get(this.key('paused-episode'))) ?? '0');
  }

  /** Ends the pause episode (after the queue was resumed) and starts counting afresh. */
  async endPause(): Promise<void> {
    await this.redis.multi().del(this.key('paused-episode')).set(this.key('failure-streak'), '0').exec();
  }
}
