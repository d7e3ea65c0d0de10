import { describe, expect, it } from 'vitest';
import { isValidResidentId, residentIdCheckChar } from '../../../fixtures/acme-suite/domain/resident-id.ts';
import { isValidUscc, orgCodeCheckChar, USCC_CHARSET, usccCheckChar } from '../../../fixtures/acme-suite/domain/uscc.ts';

describe('resident identity number (GB 11643-1999, ISO 7064 MOD 11-2)', () => {
  it.each([
    ['11010519491231002X', true],
    ['110105194912310021', false],
    ['440524188001010014', true], // the standard's own example, born 1880
    ['11010519491231002x', false], // check character must be upper-case X
    ['1101051949123100', false], // too short
    ['11010519491231002XX', false], // too long
    ['A1010519491231002X', false],
  ])('%s valid=%s', (id, valid) => {
    expect(isValidResidentId(id)).toBe(valid);
  });

  it('computes the check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(() => residentIdCheckChar('1101051949123100')).toThrow();
  });

  it('refuses an impossible birth date or unknown province even with a matching check character', () => {
    const feb30 = '11010519490230123';
    expect(isValidResidentId(feb30 + residentIdCheckChar(feb30))).toBe(false);
    const province99 = '99010519491231002';
    expect(isValidResidentId(province99 + residentIdCheckChar(province99))).toBe(false);
  });

  it('detects every single-digit substitution', () => {
    const valid = '11010519491231002X';
    for (let pos = 0; pos < 17; pos++) {
      for (const digit of '0123456789') {
        if (digit === valid[pos]) continue;
        const mutated = valid.slice(0, pos) + digit + valid.slice(pos + 1);
        // Some mutations break the date or province first; either way the id must not pass.
        expect(isValidResidentId(mutated), mutated).toBe(false);
      }
    }
  });
});

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', true],
    ['91350100M000100Y44', false],
    ['91350100M000100Y4', false],
    ['91350100M000100Y433', false],
    ['91350100I000100Y43', false], // I is not in the charset
    ['91350100m000100Y43', false],
  ])('%s valid=%s', (code, valid) => {
    expect(isValidUscc(code)).toBe(valid);
  });

  it('computes the check character', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(() => usccCheckChar('91350100O000100Y4')).toThrow();
  });

  it('computes the embedded GB 11714 organisation code check character', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('D2143569')).toBe('X'); // the standard's example D2143569-X (a result of 10)
    expect(orgCodeCheckChar('00000000')).toBe('0'); // a result of 11
  });

  it('detects every single-character substitution', () => {
    const valid = '91350100M000100Y43';
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of USCC_CHARSET) {
        if (ch === valid[pos]) continue;
        const mutated = valid.slice(0, pos) + ch + valid.slice(pos + 1);
        expect(isValidUscc(mutated), mutated).toBe(false);
      }
    }
  });
});
