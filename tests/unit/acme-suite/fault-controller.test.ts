import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULTS, FaultController } from '../../../fixtures/acme-suite/state/fault-controller.ts';
import { SessionStore } from '../../../fixtures/acme-suite/state/session-store.ts';

describe('FaultController', () => {
  it('starts from defaults merged with the given faults and resets to them', () => {
    const faults = new FaultController({ layout: 'v2', latencyMs: 10 }, () => 0);
    expect(faults.get()).toEqual({ ...DEFAULT_FAULTS, layout: 'v2', latencyMs: 10 });
    faults.set({ maintenance: true, layout: 'v1' });
    expect(faults.get()).toMatchObject({ maintenance: true, layout: 'v1', latencyMs: 10 });
    faults.reset();
    expect(faults.get()).toEqual({ ...DEFAULT_FAULTS, layout: 'v2', latencyMs: 10 });
  });

  it.each([
    [{ errorRate: 1.5 }, /errorRate/],
    [{ errorRate: -0.1 }, /errorRate/],
    [{ latencyMs: 1.5 }, /latencyMs/],
    [{ layout: 'v3' }, /layout/],
    [{ ambiguousSubmit: 2 }, /ambiguousSubmit/],
    [{ surprise: true }, /Invalid Acme fault setting/],
    ['maintenance', /Invalid Acme fault setting/],
  ])('refuses %j', (patch, message) => {
    expect(() => new FaultController(undefined, () => 0).set(patch)).toThrow(message);
  });

  it('expires sessions logged in before the switch, not those logged in after it', () => {
    const sessions = new SessionStore(60_000);
    const faults = new FaultController(undefined, () => sessions.latestLoginSerial());
    const before = sessions.logIn(null, 'clerk');
    expect(faults.isExpiredByFault(before)).toBe(false);
    faults.set({ sessionExpiry: true });
    expect(faults.isExpiredByFault(before)).toBe(true);
    const after = sessions.logIn(null, 'clerk');
    expect(faults.isExpiredByFault(after)).toBe(false);
    faults.set({ sessionExpiry: true });
    expect(faults.isExpiredByFault(after)).toBe(true);
    faults.set({ sessionExpiry: false });
    expect(faults.isExpiredByFault(before)).toBe(false);
  });

  it('expires a logged-in session once it was served the configured number of screens', () => {
    const sessions = new SessionStore(60_000);
    const faults = new FaultController({ sessionExpiryAfterRequests: 3 }, () => sessions.latestLoginSerial());
    const session = sessions.logIn(null, 'clerk');
    const seen = [1, 2, 3, 4].map(() => sessions.lookup(session.id, (s) => faults.isExpiredByFault(s)).status);
    expect(seen).toEqual(['ok', 'ok', 'ok', 'expired']);
    const again = sessions.logIn(null, 'clerk');
    expect(sessions.lookup(again.id, (s) => faults.isExpiredByFault(s)).status).toBe('ok');
    faults.set({ sessionExpiryAfterRequests: 0 });
    for (let i = 0; i < 10; i++) expect(sessions.lookup(again.id, (s) => faults.isExpiredByFault(s)).status).toBe('ok');
  });

  it('rolls server errors and submit failures by the configured odds', () => {
    const rolls = [0.2, 0.7, 0.3, 0.4, 0.9];
    const faults = new FaultController({ errorRate: 0.5, ambiguousSubmit: 0.5 }, () => 0, () => rolls.shift() ?? 0);
    expect(faults.rollServerError()).toBe(true); // 0.2 < 0.5
    expect(faults.rollServerError()).toBe(false); // 0.7
    expect(faults.rollSubmitFailure()).toBe('destroy_socket'); // 0.3 fails, then 0.4 < 0.5 picks the socket
    expect(faults.rollSubmitFailure()).toBe(null); // 0.9
    faults.set({ ambiguousSubmit: true, errorRate: 0 });
    expect(faults.rollSubmitFailure()).toBe('destroy_socket');
    expect(faults.rollServerError()).toBe(false);
    faults.set({ ambiguousSubmit: false });
    expect(faults.rollSubmitFailure()).toBe(null);
  });
});

describe('SessionStore', () => {
  it('expires idle sessions, reads unknown ids as expired and keeps active ones', () => {
    let now = 1_000;
    const store = new SessionStore(100, () => now);
    const s = store.create();
    const never = () => false;
    expect(store.lookup(undefined, never)).toEqual({ status: 'none' });
    expect(store.lookup('no-such-id', never)).toEqual({ status: 'expired' });
    now += 90;
    expect(store.lookup(s.id, never).status).toBe('ok');
    now += 90;
    expect(store.lookup(s.id, never).status).toBe('ok');
    now += 101;
    expect(store.lookup(s.id, never).status).toBe('expired');
    expect(store.lookup(s.id, never).status).toBe('expired');
  });

  it('gives a new id and token on login and caps wizards per session', () => {
    const store = new SessionStore(1_000);
    const anonymous = store.create();
    const session = store.logIn(anonymous, 'clerk');
    expect(session.id).not.toBe(anonymous.id);
    expect(session.csrfToken).not.toBe(anonymous.csrfToken);
    expect(store.lookup(anonymous.id, () => false).status).toBe('expired');
    const first = store.newWizard(session);
    for (let i = 0; i < 25; i++) store.newWizard(session);
    expect(session.wizards.size).toBe(20);
    expect(session.wizards.has(first.id)).toBe(false);
  });
});
