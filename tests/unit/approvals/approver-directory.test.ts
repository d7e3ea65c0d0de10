import { describe, expect, it } from 'vitest';
import { assignApprovers, loadApproverDirectory, type ApproverDirectory } from '../../../bots/approvals/index.ts';
import { approversSchema } from '../../../config/approvers-schema.ts';

const directory: ApproverDirectory = {
  source: 'test',
  config: approversSchema.parse({
    version: 1,
    roles: {
      'sales-manager': { approvers: [{ address: 'Manager@X.example', name: 'Manager', delegate: 'deputy@x.example', outOfOffice: [{ from: '2026-05-01', to: '2026-05-08' }] }], nextInLine: 'head@x.example' },
      risk: { approvers: [{ address: 'risk1@x.example' }, { address: 'risk2@x.example', delegate: 'risk-deputy@x.example' }] },
    },
    branches: {
      'BJ-CY': { names: ['北京分行营业部', 'Beijing Chaoyang'], roles: { 'sales-manager': { approvers: [{ address: 'bj@x.example' }] } } },
    },
  }),
};

describe('the approver directory', () => {
  it('uses the firm-wide role holders for a branch without its own', () => {
    expect(assignApprovers(directory, 'SH-PD', 'sales-manager', '2026-03-02', 'ops@x.example')).toEqual([
      { key: 'manager_x.example', approver: 'manager@x.example', name: 'Manager', delegate: 'deputy@x.example', away: false, sendTo: 'manager@x.example', escalateTo: 'deputy@x.example', allowed: ['manager@x.example', 'deputy@x.example'] },
    ]);
  });

  it.each(['BJ-CY', 'bj-cy', '北京分行营业部', ' Beijing Chaoyang '])('finds the branch\'s own sales manager by code or name: %s', (branch) => {
    expect(assignApprovers(directory, branch, 'sales-manager', '2026-03-02', 'ops@x.example').map((a) => a.approver)).toEqual(['bj@x.example']);
  });

  it('falls back to the firm-wide role when the branch does not fill it', () => {
    expect(assignApprovers(directory, 'BJ-CY', 'risk', '2026-03-02', 'ops@x.example').map((a) => a.approver)).toEqual(['risk1@x.example', 'risk2@x.example']);
  });

  it.each([
    ['2026-04-30', false],
    ['2026-05-01', true],
    ['2026-05-08', true],
    ['2026-05-09', false],
  ])('out of office on %s: %s — the request goes to the delegate, escalation to the next in line', (day, away) => {
    const [assigned] = assignApprovers(directory, 'SH-PD', 'sales-manager', day, 'ops@x.example');
    expect(assigned?.away).toBe(away);
    expect(assigned?.sendTo).toBe(away ? 'deputy@x.example' : 'manager@x.example');
    expect(assigned?.escalateTo).toBe(away ? 'head@x.example' : 'deputy@x.example');
    expect(assigned?.allowed).toEqual(['manager@x.example', 'deputy@x.example']);
  });

  it('escalates to ops when nobody else is configured; only the approver may answer', () => {
    const [first, second] = assignApprovers(directory, 'SH-PD', 'risk', '2026-03-02', 'Ops@X.example');
    expect(first).toMatchObject({ escalateTo: 'ops@x.example', allowed: ['risk1@x.example'] });
    expect(second).toMatchObject({ escalateTo: 'risk-deputy@x.example', allowed: ['risk2@x.example', 'risk-deputy@x.example'] });
  });

  it('refuses a role nobody holds', () => {
    expect(() => assignApprovers(directory, 'SH-PD', 'treasury', '2026-03-02', 'ops@x.example')).toThrow(/no approver for role treasury/);
  });

  it('the shipped directory names the local stack\'s mailboxes', () => {
    const shipped = loadApproverDirectory();
    expect(assignApprovers(shipped, 'SH-PD', 'sales-manager', '2026-03-02', 'ops@acme-finance.example')[0]?.approver).toBe('sales.manager@acme-finance.example');
    expect(assignApprovers(shipped, 'SH-PD', 'risk', '2026-03-02', 'ops@acme-finance.example')[0]?.approver).toBe('risk@acme-finance.example');
    expect(assignApprovers(shipped, 'SH-PD', 'compliance', '2026-03-02', 'ops@acme-finance.example')[0]?.approver).toBe('compliance@acme-finance.example');
  });
});
