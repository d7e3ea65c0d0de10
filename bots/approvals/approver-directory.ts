import { fileURLToPath } from 'node:url';
import { approversSchema, type ApproversConfig, type RoleEntry } from '../../config/approvers-schema.ts';
import { loadYamlConfig } from '../../core/config/load-yaml-config.ts';

export const DEFAULT_APPROVERS_PATH = fileURLToPath(new URL('../../config/approvers.yaml', import.meta.url));

/** The parsed directory; `source` names the file in messages. */
export interface ApproverDirectory {
  config: ApproversConfig;
  source: string;
}

/** Reads config/approvers.yaml (or `path`) at start-up; a bad value throws a one-line ConfigError. */
export function loadApproverDirectory(path: string = DEFAULT_APPROVERS_PATH): ApproverDirectory {
  return { config: loadYamlConfig(path, approversSchema), source: path };
}

/** Someone four eyes keep from deciding an order, and why (bots/approvals/four-eyes.ts finds them). */
export interface Exclusion {
  /** Lower case. */
  address: string;
  reason: 'submitter' | 'sales-rep' | 'decided-earlier';
  /** Why, for people: "提交了此订单 / submitted this order". */
  because: string;
}

/** One approver's place in a level: whose decision it records and who may give it. */
export interface AssignedApprover {
  /** Stable within the level, safe in mail ids: derived from the approver's address. */
  key: string;
  approver: string;
  name?: string;
  delegate?: string;
  /** Out of office on the day the level was requested: the request went to the delegate instead. */
  away: boolean;
  /** Who receives the request: the approver, or their delegate while they are away. */
  sendTo: string;
  /** Who receives the escalation: the delegate (unless they already had the request), else next in line. */
  escalateTo: string;
  /** The only senders whose reply counts for this place: the approver and their delegate (or whoever stands in for them). */
  allowed: string[];
  /** Four eyes passed these people over for this place (the approver, their delegate): the request says why. */
  passedOver?: Exclusion[];
  /** Four eyes left nobody to ask for this place: no request goes out, ops are told. */
  unreachable?: true;
}

function sameName(a: string, b: string): boolean {
  return a.normalize('NFKC').trim().toLowerCase() === b.normalize('NFKC').trim().toLowerCase();
}

export function approverKey(address: string): string {
  return address.toLowerCase().replace(/[^a-z0-9.-]/g, '_');
}

/** The role's entry for a branch: the branch's own (matched by code or name), else the firm-wide one. */
export function roleFor(directory: ApproverDirectory, branch: string, role: string): RoleEntry | undefined {
  const own = Object.entries(directory.config.branches).find(([code, entry]) => sameName(code, branch) || entry.names.some((n) => sameName(n, branch)));
  return own?.[1].roles[role] ?? directory.config.roles[role];
}

/**
 * Who is asked at one level, on `day` (YYYY-MM-DD in the firm's time zone). `fallback` (ops) receives
 * escalations when neither a delegate nor a next-in-line is configured, so no request is left unchased.
 *
 * Four eyes: nobody in `excluded` is asked or may answer. An excluded approver's request goes to their
 * delegate, else the role's next in line; when neither may decide either, the place is `unreachable`.
 */
export function assignApprovers(directory: ApproverDirectory, branch: string, role: string, day: string, fallback: string, excluded: readonly Exclusion[] = []): AssignedApprover[] {
  const entry = roleFor(directory, branch, role);
  if (!entry) throw new Error(`${directory.source}: no approver for role ${role} (branch ${branch || '(none)'})`);
  const barred = (address: string | undefined): Exclusion | undefined => excluded.find((e) => e.address === address?.toLowerCase());
  const eligible = (address: string | undefined): address is string => address !== undefined && !barred(address);
  return entry.approvers.map((approver) => {
    const away = approver.outOfOffice.some((range) => day >= range.from && day <= range.to);
    const delegate = approver.delegate;
    // An away approver's request goes to the delegate; an excluded one's to whoever may decide in their place.
    const standIns = [delegate, entry.nextInLine].filter(eligible);
    const first = away || !eligible(approver.address) ? standIns[0] : approver.address;
    const sendTo = first ?? (eligible(approver.address) ? approver.address : undefined);
    const escalateTo = [delegate, entry.nextInLine, fallback.toLowerCase()].filter(eligible).find((a) => a !== sendTo) ?? fallback.toLowerCase();
    const allowed = [approver.address, delegate, sendTo].filter(eligible);
    const passedOver = [barred(approver.address), barred(delegate)].filter((e): e is Exclusion => e !== undefined);
    return {
      key: approverKey(approver.address),
      approver: approver.address,
      ...(approver.name ? { name: approver.name } : {}),
      ...(delegate ? { delegate } : {}),
      away,
      sendTo: sendTo ?? '',
      escalateTo,
      allowed: [...new Set(allowed)],
      ...(passedOver.length > 0 ? { passedOver } : {}),
      ...(sendTo === undefined ? { unreachable: true as const } : {}),
    };
  });
}
