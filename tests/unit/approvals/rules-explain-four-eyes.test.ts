import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../jobs/cli/program.ts';

const ORDER = { externalRef: 'X1', amount: '60000.00', productCode: 'FD-R3-BAL', productRisk: 'R3', customerRisk: 'C4', creditGrade: 'A', branch: 'BJ-CY', paymentMethod: '银行转账', termMonths: 12 };

async function explain(...args: string[]): Promise<string> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram().parseAsync(['node', 'orderdesk', 'rules', 'explain', ...args]);
  } finally {
    write.mockRestore();
  }
  return out;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('rules explain shows who four eyes exclude, and why', () => {
  it('names the submitter and routes the branch manager\'s own order to their delegate', async () => {
    const out = await explain('--order', JSON.stringify({ ...ORDER, salesRep: '陈晓东' }), '--submitter', 'sales.bj@acme-finance.example');
    expect(out).toContain('four eyes: may not decide this order:\n  sales.bj@acme-finance.example — 提交了此订单 / submitted this order');
    expect(out).toContain('      four eyes: request goes to sales.manager@acme-finance.example instead');
  });

  it('says when the submitter is unknown, and that nobody is known to be excluded', async () => {
    const out = await explain('--order', JSON.stringify({ ...ORDER, salesRep: '陈晓东' }));
    expect(out).toContain('four eyes: may not decide this order:\n  nobody known\n  (submitter unknown: give --submitter ADDRESS to see it excluded)');
  });

  it('excludes a sales rep given by address, in the JSON too', async () => {
    const out = await explain('--order', JSON.stringify({ ...ORDER, salesRep: 'Sales.BJ@acme-finance.example' }), '--json');
    expect(JSON.parse(out).fourEyes).toEqual({ excluded: [{ address: 'sales.bj@acme-finance.example', reason: 'sales-rep', because: '是此订单的客户经理（Sales.BJ@acme-finance.example） / is the order\'s sales rep (Sales.BJ@acme-finance.example)' }] });
  });
});
