import { describe, expect, it } from 'vitest';
import { agingBucket, AGING_BUCKETS, daysOverdue } from '../../../fixtures/acme-suite/domain/aging.ts';
import { decimalToCents } from '../../../fixtures/acme-suite/domain/money.ts';
import { isValidResidentId } from '../../../fixtures/acme-suite/domain/resident-id.ts';
import { isValidUscc } from '../../../fixtures/acme-suite/domain/uscc.ts';
import { generateSeed } from '../../../fixtures/acme-suite/seed/generate-seed.ts';
import { createPrng } from '../../../fixtures/acme-suite/seed/prng.ts';

const TODAY = '2026-03-15';

describe('seed data', () => {
  const seed = generateSeed(7, TODAY);

  it('is identical for the same seed and date, and differs for another seed', () => {
    expect(JSON.stringify(generateSeed(7, TODAY))).toBe(JSON.stringify(seed));
    expect(JSON.stringify(generateSeed(8, TODAY))).not.toBe(JSON.stringify(seed));
  });

  it('is generated well under a second', () => {
    const started = performance.now();
    generateSeed(12_345, TODAY);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('has at least 200 customers with unique, valid id numbers', () => {
    const { customers } = seed;
    expect(customers.length).toBeGreaterThanOrEqual(200);
    expect(new Set(customers.map((c) => c.id)).size).toBe(customers.length);
    expect(new Set(customers.map((c) => c.idNumber)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.id).toMatch(/^C\d{6}$/);
      if (c.idType === 'resident_id') expect(isValidResidentId(c.idNumber), c.idNumber).toBe(true);
      if (c.idType === 'uscc') expect(isValidUscc(c.idNumber), c.idNumber).toBe(true);
      if (c.idType === 'passport') expect(c.idNumber).toMatch(/^[A-Z]\d{8}$/);
      expect(c.type === 'company').toBe(c.idType === 'uscc');
    }
  });

  it('mixes persons and companies, Chinese and English names, a few passports', () => {
    const { customers } = seed;
    const han = /[\u4e00-\u9fff]/;
    expect(customers.filter((c) => c.type === 'person' && han.test(c.name)).length).toBeGreaterThan(20);
    expect(customers.filter((c) => c.type === 'person' && !han.test(c.name)).length).toBeGreaterThan(20);
    expect(customers.filter((c) => c.type === 'company' && han.test(c.name)).length).toBeGreaterThan(20);
    expect(customers.filter((c) => c.type === 'company' && !han.test(c.name)).length).toBeGreaterThan(20);
    const passports = customers.filter((c) => c.idType === 'passport').length;
    expect(passports).toBeGreaterThanOrEqual(3);
    expect(passports).toBeLessThan(customers.length * 0.05);
    expect(new Set(customers.map((c) => c.language))).toEqual(new Set(['zh', 'en']));
  });

  it('gives e-mail at the customers domain to all but about 2 %, and blocks about 5 %', () => {
    const { customers } = seed;
    const withoutEmail = customers.filter((c) => c.email === null);
    expect(withoutEmail.length).toBeGreaterThanOrEqual(2);
    expect(withoutEmail.length).toBeLessThanOrEqual(Math.ceil(customers.length * 0.03));
    for (const c of customers) if (c.email !== null) expect(c.email).toBe(`${c.id.toLowerCase()}@customers.example`);
    const blocked = customers.filter((c) => c.blocked).length;
    expect(blocked / customers.length).toBeGreaterThan(0.03);
    expect(blocked / customers.length).toBeLessThan(0.07);
  });

  it('has a product catalogue with sane limits and terms', () => {
    expect(seed.products.length).toBeGreaterThanOrEqual(10);
    expect(seed.products.map((p) => p.code)).toContain('WM-R2-180');
    for (const p of seed.products) {
      expect(p.code).toMatch(/^[A-Z]{2}-R[1-5]-[A-Z0-9]{3}$/);
      expect(p.code.slice(3, 5)).toBe(p.risk);
      expect(decimalToCents(p.minAmount)).toBeLessThan(decimalToCents(p.maxAmount));
      expect(p.terms.length).toBeGreaterThan(0);
    }
    expect(new Set(seed.products.map((p) => p.type)).size).toBe(6);
  });

  it('has at least 2000 consistent invoices in every aging bucket', () => {
    const { invoices } = seed;
    expect(invoices.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(invoices.map((i) => i.invoiceNo)).size).toBe(invoices.length);
    const customerIds = new Set(seed.customers.map((c) => c.id));
    const openBuckets = new Map<string, number>();
    for (const i of invoices) {
      expect(customerIds.has(i.customerId)).toBe(true);
      expect(i.invoiceDate <= TODAY).toBe(true);
      expect(i.invoiceDate < i.dueDate).toBe(true);
      const amount = decimalToCents(i.amount);
      const paid = decimalToCents(i.paid);
      expect(paid).toBe(i.payments.reduce((s, p) => s + decimalToCents(p.amount), 0));
      expect(decimalToCents(i.outstanding)).toBe(amount - paid);
      expect(i.status).toBe(amount - paid > 0 ? 'open' : 'paid');
      for (const p of i.payments) expect(p.date >= i.invoiceDate && p.date <= TODAY).toBe(true);
      if (i.status === 'open') {
        const bucket = agingBucket(daysOverdue(i.dueDate, amount - paid, TODAY));
        openBuckets.set(bucket, (openBuckets.get(bucket) ?? 0) + 1);
      }
    }
    for (const bucket of AGING_BUCKETS) expect(openBuckets.get(bucket) ?? 0, bucket).toBeGreaterThan(50);
    expect(invoices.filter((i) => i.status === 'paid').length).toBeGreaterThan(100);
    expect(invoices.filter((i) => i.status === 'open' && decimalToCents(i.paid) > 0).length).toBeGreaterThan(50);
    expect(invoices.filter((i) => i.disputed).length).toBeGreaterThan(10);
    expect(invoices.filter((i) => i.promisedToPay !== null).length).toBeGreaterThan(10);
    const cny = invoices.filter((i) => i.currency === 'CNY').length;
    expect(cny / invoices.length).toBeGreaterThan(0.7);
    expect(new Set(invoices.map((i) => i.currency))).toEqual(new Set(['CNY', 'USD', 'HKD']));
  });
});

describe('createPrng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });

  it('samples distinct values', () => {
    const s = createPrng(1).sample(10, 10);
    expect([...s].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => createPrng(1).sample(3, 4)).toThrow();
  });
});
