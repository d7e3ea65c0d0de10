import { describe, expect, it } from 'vitest';
import { BranchDirectory } from '../../../bots/review/branch-directory.ts';
import { branchesSchema } from '../../../config/branches-schema.ts';
import { approversSchema } from '../../../config/approvers-schema.ts';
import { loadYamlConfig } from '../../../core/config/load-yaml-config.ts';

const directory = BranchDirectory.load();

function resolved(written: string): string | undefined {
  const r = directory.resolve(written);
  return r.kind === 'found' ? r.branch.code : undefined;
}

describe('branch directory (config/branches.yaml)', () => {
  it.each([
    ['SH-PD', 'SH-PD'],
    ['sh-pd', 'SH-PD'],
    ['ＳＨ－ＰＤ', 'SH-PD'],
    ['上海浦东支行', 'SH-PD'],
    ['浦东支行', 'SH-PD'],
    ['Shanghai Pudong', 'SH-PD'],
    ['shanghai  pudong', 'SH-PD'],
    ["Shanghai Jing'an", 'SH-JA'],
    ['Shanghai Jingan', 'SH-JA'],
    ['上海静安支行', 'SH-JA'],
    ['北京分行营业部', 'BJ-CY'],
    ['北京朝阳支行', 'BJ-CY'],
    ['深圳福田支行', 'SZ-FT'],
    ['广州天河支行', 'GZ-TH'],
    ['杭州西湖支行', 'HZ-XH'],
    ['Hangzhou Xihu', 'HZ-XH'],
  ])('resolves %s to %s', (written, code) => {
    expect(resolved(written)).toBe(code);
  });

  it('refuses a name that fits both Shanghai sub-branches, listing both', () => {
    const r = directory.resolve('上海分行');
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.candidates.map((b) => b.code).sort()).toEqual(['SH-JA', 'SH-PD']);
  });

  it('refuses a bare "SH" as ambiguous rather than picking one', () => {
    expect(directory.resolve('SH').kind).toBe('ambiguous');
  });

  it('does not guess from a partial name that fits one branch: unknown, with that branch as the closest', () => {
    const r = directory.resolve('北京分行');
    expect(r).toEqual({ kind: 'unknown', closest: ['BJ-CY 北京朝阳支行 Beijing Chaoyang'] });
  });

  it('refuses an unknown branch with the closest known names', () => {
    const r = directory.resolve('SH-PX');
    expect(r.kind).toBe('unknown');
    if (r.kind !== 'unknown') return;
    expect(r.closest).toHaveLength(3);
    expect(r.closest[0]).toBe('SH-PD 上海浦东支行 Shanghai Pudong');
  });

  it('refuses an empty branch as unknown', () => {
    expect(directory.resolve('').kind).toBe('unknown');
  });

  it('names the CRM codes it does not find in the CRM list', () => {
    const crm = ['SH-PD', 'SH-JA', 'BJ-CY', 'SZ-FT', 'GZ-TH'].map((code) => ({ code, name: code, nameZh: undefined }));
    expect(directory.disagreementsWith(crm)).toEqual([expect.stringContaining('branch HZ-XH is not in the CRM')]);
    expect(directory.disagreementsWith([...crm, { code: 'HZ-XH', name: 'Hangzhou Xihu', nameZh: '杭州西湖支行' }])).toEqual([]);
  });

  it('stops at start-up when two branches share a name', () => {
    const config = branchesSchema.parse({ version: 1, branches: { 'A-1': { names: { zh: ['总行'] } }, 'B-2': { names: { zh: ['总 行'] } } } });
    expect(() => new BranchDirectory(config, 'test.yaml')).toThrow(/"总 行" is given to both A-1 and B-2/);
  });

  it('knows every branch config/approvers.yaml names (review refuses to start otherwise)', () => {
    const approvers = loadYamlConfig(new URL('../../../config/approvers.yaml', import.meta.url).pathname, approversSchema);
    for (const code of Object.keys(approvers.branches)) expect(directory.resolve(code)).toMatchObject({ kind: 'found', branch: { code } });
  });

  it('rejects a branch without any name', () => {
    expect(branchesSchema.safeParse({ version: 1, branches: { 'A-1': { names: {} } } }).success).toBe(false);
  });
});
