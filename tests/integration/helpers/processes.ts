import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { StackInfo } from '../../../fixtures/local-stack/index.ts';

/** The pid and all its descendants, read from ps (Dovecot forks imap-login, auth, lmtp...). */
export function processTree(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of rows) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/**
 * Running means present and not a zombie: Dovecot's master exits without waiting for its children, and
 * where PID 1 does not reap orphans (some containers) their exit status lingers, holding nothing.
 */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Whether one of `pids` still listens on the port. Other test files start servers on free ports at the same
 * time, so a port we closed may already belong to someone else: only our own processes count.
 */
export function listenedOnBy(port: number, pids: number[]): boolean {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return pids.some((pid) => out.includes(`pid=${pid},`));
}

export function portsOf(info: StackInfo): number[] {
  return [new URL(info.crm.url).port, new URL(info.redis.url).port, info.imap.port, info.smtp.port].map(Number);
}

/** The Chromium processes `parentPid` started (its direct children), by pid. */
export function chromiumChildrenOf(parentPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = /\(([^)]*)\)/.exec(stat)?.[1] ?? '';
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid && /chrom/i.test(comm)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
