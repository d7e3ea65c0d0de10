import { describe, expect, it } from 'vitest';
import { TRYTON_START_TIMEOUT_MS, TrytonTestDatabase } from '../helpers/tryton-harness.ts';

const RESIDENT_ID = /^\d{17}[\dX]$/;
const SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

describe('Tryton holds the facts review decides on (seed and ground truth)', () => {
  it('gives every customer a Chinese identifier, a risk tolerance and a credit grade, and the ground truth carries them', async () => {
    const tryton = await TrytonTestDatabase.open('review-tryton-facts');
    const customers = (await tryton.customers()).filter((c) => c.email.endsWith('@customers.example') && c.email !== 'noaddress@customers.example');
    expect(customers.length).toBe(56);
    for (const c of customers) {
      expect(['resident_id', 'uscc']).toContain(c.idType);
      expect(c.idNumber).toMatch(c.idType === 'resident_id' ? RESIDENT_ID : SOCIAL_CREDIT_CODE);
      expect(['C1', 'C2', 'C3', 'C4', 'C5']).toContain(c.riskTolerance);
      expect(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC', 'CC', 'C']).toContain(c.creditGrade);
    }
    // Firms carry their social credit code, people their resident ID; both kinds are there.
    expect(new Set(customers.map((c) => c.idType))).toEqual(new Set(['resident_id', 'uscc']));
    expect(new Set(customers.map((c) => c.idNumber)).size).toBe(customers.length);
  }, TRYTON_START_TIMEOUT_MS + 60_000);
});
