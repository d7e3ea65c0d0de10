import { isoFromParts } from './normalise-date.ts';

/**
 * Shape and check-digit rules for the identity numbers an order may carry:
 * - resident identity number, GB 11643-1999: 17 digits + ISO 7064 MOD 11-2 check character (0-9 or X);
 * - unified social credit code, GB 32100-2015: 18 characters from 0-9 A-H J-N P-R T-U W-Y, the last a
 *   MOD 31 check character;
 * - passport: 5–17 letters and digits (shapes differ by country; no check digit is printed on the page).
 */
export type IdCheck = 'ok' | 'id_format' | 'id_check_digit';

/** Weight of position i is 2^(17-i) mod 11. */
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const RESIDENT_CHECK_CHARS = '10X98765432';
/** Province-level codes (first two digits) in use: mainland, Taiwan, Hong Kong, Macao. */
const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83', '91',
]);

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weight of position i is 3^i mod 31. */
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

const PASSPORT_SHAPE = /^[A-Z0-9]{5,17}$/;

/** The check character for the first 17 digits of a resident identity number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`A resident id body is 17 digits: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (RESIDENT_WEIGHTS[i] ?? 0);
  return RESIDENT_CHECK_CHARS.charAt(sum % 11);
}

/** The check character for the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9A-HJ-NP-RTUW-Y]{17}$/.test(first17)) throw new Error(`Not a USCC body: ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** Resident id (upper-case X): 'id_format' for the wrong shape, province or birth date. */
export function checkResidentId(id: string): IdCheck {
  if (!/^\d{17}[\dX]$/.test(id)) return 'id_format';
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return 'id_format';
  const birth = isoFromParts(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)));
  if (birth === undefined) return 'id_format';
  return residentIdCheckChar(id.slice(0, 17)) === id.charAt(17) ? 'ok' : 'id_check_digit';
}

export function checkUscc(code: string): IdCheck {
  if (!USCC_SHAPE.test(code)) return 'id_format';
  return usccCheckChar(code.slice(0, 17)) === code.charAt(17) ? 'ok' : 'id_check_digit';
}

export function checkPassport(passport: string): IdCheck {
  return PASSPORT_SHAPE.test(passport) ? 'ok' : 'id_format';
}

export function isValidResidentId(id: string): boolean {
  return checkResidentId(id) === 'ok';
}

export function isValidUscc(code: string): boolean {
  return checkUscc(code) === 'ok';
}

export function isValidPassport(passport: string): boolean {
  return checkPassport(passport) === 'ok';
}
