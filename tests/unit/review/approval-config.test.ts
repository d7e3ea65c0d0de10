import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadApproverDirectory } from '../../../bots/approvals/index.ts';
import { loadApprovalRules } from '../../../bots/review/index.ts';
import { loadSettings } from '../../../core/config/load-settings.ts';
import { checkApprovalSetup, loadApprovalSetup } from '../../../jobs/approval-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'orderdesk-approval-config-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
function failure(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    return (error as Error).message;
  }
  return '(no error)';
}

const RULES_HEAD = 'version: 1\nproductTypes: { fund: ["FD-*"] }\nrules:\n';

describe('config/approval-rules.yaml', () => {
  it('the shipped matrix and directory load and agree with each other', () => {
    const setup = loadApprovalSetup(loadSettings({ env: {} }));
    expect(setup.rules.config.rules.map((r) => r.name)).toEqual(['small-and-clean', 'very-large-or-highest-risk', 'large', 'branch-manager']);
    expect(Object.keys(setup.directory.config.roles).sort()).toEqual(['compliance', 'risk', 'sales-manager']);
    expect(setup.calendar.isWorkingDay('2026-02-14')).toBe(true);
  });

  it.each([
    ['last rule has conditions', `${RULES_HEAD}  - { name: a, when: { amount: { above: "1" } }, then: auto-approve }\n`, /rules\.0\.when: the last rule must have no conditions/],
    ['unknown product type', `${RULES_HEAD}  - { name: a, when: { productType: [bond] }, then: auto-approve }\n  - { name: b, then: auto-approve }\n`, /rules\.0\.when\.productType\.0: unknown product type "bond"/],
    ['unknown type deep in any', `${RULES_HEAD}  - { name: a, when: { any: [{ amount: { above: "1" } }, { productType: [bond] }] }, then: [risk] }\n  - { name: b, then: auto-approve }\n`, /rules\.0\.when\.any\.1\.productType\.0: unknown product type/],
    ['amount as a number with three decimals', `${RULES_HEAD}  - { name: a, when: { amount: { above: "1.005" } }, then: auto-approve }\n  - { name: b, then: auto-approve }\n`, /rules\.0\.when\.amount\.above: expected an amount/],
    ['risk level out of range', `${RULES_HEAD}  - { name: a, when: { productRisk: { atMost: R6 } }, then: auto-approve }\n  - { name: b, then: auto-approve }\n`, /rules\.0\.when\.productRisk\.atMost: /],
    ['credit grade not on the scale', `${RULES_HEAD}  - { name: a, when: { creditGrade: { atLeast: A++ } }, then: auto-approve }\n  - { name: b, then: auto-approve }\n`, /rules\.0\.when\.creditGrade\.atLeast: /],
    ['approve mode misspelt', `${RULES_HEAD}  - { name: a, then: [{ role: risk, approve: any }] }\n`, /rules\.0\.then/],
    ['role name with spaces', `${RULES_HEAD}  - { name: a, then: ["Sales Manager"] }\n`, /rules\.0\.then/],
    ['empty chain', `${RULES_HEAD}  - { name: a, then: [] }\n`, /rules\.0\.then/],
    ['same rule name twice', `${RULES_HEAD}  - { name: a, when: { amount: { above: "1" } }, then: [risk] }\n  - { name: a, then: [risk] }\n`, /rules\.1\.name: rule name "a" is used twice/],
    ['misspelt condition', `${RULES_HEAD}  - { name: a, when: { ammount: { above: "1" } }, then: [risk] }\n  - { name: b, then: [risk] }\n`, /rules\.0\.when: Unrecognized key/],
    ['an any of one', `${RULES_HEAD}  - { name: a, when: { any: [{ amount: { above: "1" } }] }, then: [risk] }\n  - { name: b, then: [risk] }\n`, /rules\.0\.when\.any: /],
    ['limits for an unknown type', `version: 1\nlimits: { productTypes: { bond: { maxAmount: "1" } } }\nrules: [{ name: a, then: [risk] }]\n`, /limits\.productTypes\.bond: unknown product type "bond"/],
    ['no rules', 'version: 1\nrules: []\n', /rules: /],
    ['wrong version', 'version: 2\nrules: [{ name: a, then: [risk] }]\n', /version: /],
    ['broken YAML', 'version: 1\nrules: [\n', /\(file\): not valid YAML/],
  ])('%s: one line naming the file and key', (_what, text, message) => {
    const path = write(`rules-${Math.random().toString(36).slice(2)}.yaml`, text);
    const error = failure(() => loadApprovalRules(path));
    expect(error).toMatch(message);
    expect(error.startsWith(`config error: ${path}: `)).toBe(true);
    expect(error).not.toContain('\n');
  });
});

describe('config/approvers.yaml', () => {
  it.each([
    ['a bad address', 'version: 1\nroles: { risk: { approvers: [{ address: not-an-address }] } }\n', /roles\.risk\.approvers\.0\.address: /],
    ['out of office without a delegate', 'version: 1\nroles: { risk: { approvers: [{ address: r@x.example, outOfOffice: [{ from: 2026-01-01, to: 2026-01-02 }] }] } }\n', /roles\.risk\.approvers\.0\.delegate: an approver with out-of-office dates needs a delegate/],
    ['own delegate', 'version: 1\nroles: { risk: { approvers: [{ address: r@x.example, delegate: R@x.example }] } }\n', /roles\.risk\.approvers\.0\.delegate: an approver cannot be their own delegate/],
    ['dates the wrong way round', 'version: 1\nroles: { risk: { approvers: [{ address: r@x.example, delegate: d@x.example, outOfOffice: [{ from: 2026-01-05, to: 2026-01-02 }] }] } }\n', /outOfOffice\.0\.to: `to` is before `from`/],
    ['a role without approvers', 'version: 1\nroles: { risk: { approvers: [] } }\n', /roles\.risk\.approvers: /],
  ])('%s: one line naming the file and key', (_what, text, message) => {
    const path = write(`approvers-${Math.random().toString(36).slice(2)}.yaml`, text);
    const error = failure(() => loadApproverDirectory(path));
    expect(error).toMatch(message);
    expect(error.startsWith(`config error: ${path}: `)).toBe(true);
  });

  it('every role a rule uses must have firm-wide approvers', () => {
    const rules = loadApprovalRules(write('rules-ok.yaml', `${RULES_HEAD}  - { name: a, when: { amount: { above: "1" } }, then: [sales-manager, treasury] }\n  - { name: b, then: auto-approve }\n`));
    const directory = loadApproverDirectory(write('approvers-ok.yaml', 'version: 1\nroles: { sales-manager: { approvers: [{ address: m@x.example }] } }\n'));
    const calendar = loadApprovalSetup(loadSettings({ env: {} })).calendar;
    expect(failure(() => checkApprovalSetup({ rules, directory, calendar }))).toMatch(/rules-ok\.yaml: rules\.0\.then\.1\.role: role "treasury" has no firm-wide approvers under roles in .*approvers-ok\.yaml/);
  });

  it('settings name other files, and a missing one stops start-up naming it', () => {
    const settings = loadSettings({ env: { APPROVERS_FILE: join(dir, 'missing.yaml') } });
    expect(failure(() => loadApprovalSetup(settings))).toMatch(/config error: .*missing\.yaml: \(file\): cannot read: ENOENT/);
  });
});
