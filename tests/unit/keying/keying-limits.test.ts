import { describe, expect, it } from 'vitest';
import { SharedSession } from '../../../core/browser/shared-session.ts';
import { limiterFor } from '../../../jobs/keying-role.ts';

describe('keying rate limit as a BullMQ limiter', () => {
  it.each([
    [5, { max: 5, duration: 1000 }],
    [1, { max: 1, duration: 1000 }],
    [2.4, { max: 2, duration: 1000 }],
    [0.5, { max: 1, duration: 2000 }],
    [0.25, { max: 1, duration: 4000 }],
  ])('%s orders/s -> %o', (rate, expected) => {
    expect(limiterFor(rate)).toEqual(expected);
  });

  it('refuses a rate that would stop keying', () => {
    expect(() => limiterFor(0)).toThrow(/positive/);
  });
});

describe('the shared CRM session', () => {
  it('logs in once for everyone who saw the same session expire', async () => {
    const session = new SharedSession(60_000);
    let logins = 0;
    const login = async () => {
      logins += 1;
      await new Promise((r) => setTimeout(r, 10));
      return [];
    };
    await Promise.all([session.refresh(0, login), session.refresh(0, login), session.refresh(0, login)]);
    expect(logins).toBe(1);
    expect(session.generation).toBe(1);
    await session.refresh(0, login);
    expect(logins).toBe(1);
    await session.refresh(1, login);
    expect(logins).toBe(2);
  });

  it('gives up on a login that never ends, so the next one to try logs in afresh', async () => {
    const session = new SharedSession(50);
    const hung = () => new Promise<never>(() => undefined);
    const waiters = [session.refresh(0, hung), session.refresh(0, hung)];
    for (const waiter of waiters) await expect(waiter).rejects.toMatchObject({ code: 'crm_unavailable', message: expect.stringMatching(/did not finish/) });
    expect(session.generation).toBe(0);
    await session.refresh(0, async () => []);
    expect(session.generation).toBe(1);
  });

  it('never prints its cookies', async () => {
    const session = new SharedSession(60_000);
    await session.refresh(0, async () => [{ name: 'ASP.NET_SessionId', value: 'secret-session', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }]);
    expect(JSON.stringify({ session })).not.toContain('secret-session');
  });
});
