import { describe, expect, it } from 'vitest';
import {
  checkPassport,
  checkResidentId,
  checkUscc,
  isValidPassport,
  isValidResidentId,
  isValidUscc,
  residentIdCheckChar,
  USCC_CHARSET,
  usccCheckChar,
} from '../../../bots/intake/identity-numbers.ts';
import { makeResidentId, makeUscc } from '../../../fixtures/sample-sheets/sample-orders.ts';

/** Every other character at position `index` of `id` drawn from `alphabet`. */
function variants(id: string, index: number, alphabet: string): string[] {
  return [...alphabet].filter((ch) => ch !== id.charAt(index)).map((ch) => id.slice(0, index) + ch + id.slice(index + 1));
}

describe('resident identity numbers (GB 11643-1999)', () => {
  it('accepts the known valid example and refuses its mistyped twin', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(checkResidentId('110105194912310021')).toBe('id_check_digit');
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts generated ids and catches every single-digit change in the body', () => {
    for (let n = 0; n < 200; n += 7) {
      const id = makeResidentId(n * 7919);
      expect(checkResidentId(id)).toBe('ok');
      // MOD 11-2 detects any single substitution; positions 15–17 (sequence) never touch the date.
      for (const position of [14, 15, 16]) {
        for (const changed of variants(id, position, '0123456789')) expect(checkResidentId(changed)).toBe('id_check_digit');
      }
      for (const changed of variants(id, 17, '0123456789X')) expect(checkResidentId(changed)).toBe('id_check_digit');
    }
  });

  it.each([
    ['11010519491231002x', 'id_format'], // lower-case x: callers upper-case first
    ['1101051949123100', 'id_format'],
    ['110105194912310021X', 'id_format'],
    ['110105491231002', 'id_format'], // the old 15-digit form
    ['11010519491331002X', 'id_format'], // month 13
    ['11010519490230002X', 'id_format'], // 30 February
    ['00010519491231002X', 'id_format'], // no such province
    ['1101051949123100AX', 'id_format'],
    ['', 'id_format'],
  ])('%j → %s', (id, expected) => {
    expect(checkResidentId(id)).toBe(expected);
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts the known valid example', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('accepts generated codes and catches every single-character change', () => {
    for (let n = 0; n < 100; n += 3) {
      const code = makeUscc(n * 104729);
      expect(checkUscc(code)).toBe('ok');
      for (const position of [0, 5, 10, 16, 17]) {
        for (const changed of variants(code, position, USCC_CHARSET)) expect(checkUscc(changed)).toBe('id_check_digit');
      }
    }
  });

  it.each([
    ['91350100M000100Y4', 'id_format'],
    ['91350100M000100Y433', 'id_format'],
    ['91350100I000100Y43', 'id_format'], // I is not in the charset
    ['91350100O000100Y43', 'id_format'],
    ['91350100S000100Y43', 'id_format'],
    ['91350100V000100Y43', 'id_format'],
    ['91350100Z000100Y43', 'id_format'],
    ['91350100m000100y43', 'id_format'],
    ['91350100M000100Y44', 'id_check_digit'],
  ])('%j → %s', (code, expected) => {
    expect(checkUscc(code)).toBe(expected);
  });
});

describe('passports', () => {
  it.each([
    ['E12345678', true],
    ['EA1234567', true],
    ['G1234567', true],
    ['123456789', true],
    ['AB12', false],
    ['E1234567890123456789', false],
    ['E 1234567', false],
    ['e12345678', false],
    ['E1234-5678', false],
  ])('%j valid: %s', (passport, valid) => {
    expect(isValidPassport(passport)).toBe(valid);
    expect(checkPassport(passport)).toBe(valid ? 'ok' : 'id_format');
  });
});
