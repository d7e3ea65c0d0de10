import { describe, expect, it } from 'vitest';
import { checkSenderAuthentication } from '../../../bots/approvals/index.ts';
import { loadSettings } from '../../../core/config/load-settings.ts';

const TRUSTED = 'mx.acme-finance.example';
const pass = (domain = 'acme-finance.example') => `${TRUSTED}; auth=pass smtp.auth=risk@${domain}; dmarc=pass header.from=${domain}`;
const fail = (domain = 'acme-finance.example') => `${TRUSTED}; auth=pass smtp.auth=sales@${domain}; dmarc=fail header.from=${domain}`;
const RISK = ['risk@acme-finance.example'];

describe('believing the firm\'s own mail server about a reply\'s sender', () => {
  it('accepts dmarc=pass from the trusted server for the From domain', () => {
    expect(checkSenderAuthentication([pass()], RISK, TRUSTED, true)).toEqual({ ok: true, evidence: pass() });
  });

  it('refuses dmarc=fail: someone authenticated as another user wrote this From', () => {
    expect(checkSenderAuthentication([fail()], RISK, TRUSTED, true)).toMatchObject({ ok: false, problem: `${TRUSTED} reports dmarc=fail` });
  });

  it('believes only the topmost stamp of the trusted server, not a pass the sender wrote lower down', () => {
    expect(checkSenderAuthentication([fail(), pass()], RISK, TRUSTED, true)).toMatchObject({ ok: false });
  });

  it('ignores stamps from other servers, whatever they say', () => {
    expect(checkSenderAuthentication(['mx.evil.example; dmarc=pass header.from=acme-finance.example'], RISK, TRUSTED, true)).toMatchObject({
      ok: false,
      problem: `no Authentication-Results from ${TRUSTED}`,
    });
    expect(checkSenderAuthentication(['mx.evil.example; dmarc=pass header.from=acme-finance.example', pass()], RISK, TRUSTED, true)).toMatchObject({ ok: true });
  });

  it('refuses a pass that was for another domain than the From address', () => {
    expect(checkSenderAuthentication([pass('other.example')], RISK, TRUSTED, true)).toMatchObject({ ok: false, problem: 'dmarc=pass was for other.example, not the From domain acme-finance.example' });
  });

  it('refuses a reply without any stamp, and one with no dmarc result', () => {
    expect(checkSenderAuthentication([], RISK, TRUSTED, true).ok).toBe(false);
    expect(checkSenderAuthentication([`${TRUSTED}; auth=pass smtp.auth=x`], RISK, TRUSTED, true)).toMatchObject({ ok: false, problem: `${TRUSTED} reports dmarc=none` });
  });

  it('reads case, comments and a version number the RFC allows', () => {
    expect(checkSenderAuthentication(['MX.Acme-Finance.Example 1; (checked) DMARC=Pass (p=reject) header.from=Acme-Finance.Example'], RISK, TRUSTED, true).ok).toBe(true);
  });

  it('refuses a reply with no From or several From addresses even when dmarc is not required', () => {
    expect(checkSenderAuthentication([pass()], [], TRUSTED, true).problem).toBe('the reply has 0 From addresses');
    expect(checkSenderAuthentication([pass()], ['a@x.example', 'b@x.example'], TRUSTED, false).ok).toBe(false);
  });

  it('can be told not to require dmarc=pass (configurable, on by default)', () => {
    expect(checkSenderAuthentication([fail()], RISK, TRUSTED, false).ok).toBe(true);
    const defaults = loadSettings({ env: {} }).approvals;
    expect(defaults.requireDmarcPass).toBe(true);
    expect(defaults.trustedAuthservId).toBe(TRUSTED);
    expect(loadSettings({ env: { APPROVALS_REQUIRE_DMARC_PASS: 'false' } }).approvals.requireDmarcPass).toBe(false);
    expect(() => loadSettings({ env: { APPROVALS_REQUIRE_DMARC_PASS: 'perhaps' } })).toThrow(/approvals\.requireDmarcPass \(from APPROVALS_REQUIRE_DMARC_PASS\)/);
  });
});
