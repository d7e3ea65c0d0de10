import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { isPortOpen, LocalStack, type StackInfo } from '../../fixtures/local-stack/index.ts';

/** The pid and all its descendants, read from ps (Dovecot forks imap-login, auth, lmtp...). */
function processTree(pid: number): number[] {
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
function alive(pid: number): boolean {
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
function listenedOnBy(port: number, pids: number[]): boolean {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  return pids.some((pid) => out.includes(`pid=${pid},`));
}

function portsOf(info: StackInfo): number[] {
  return [new URL(info.crm.url).port, new URL(info.redis.url).port, info.imap.port, info.smtp.port].map(Number);
}

describe('the local stack lifecycle', () => {
  it('starts on free ports, and close() leaves no process or port behind (and is idempotent)', async () => {
    const stack = await LocalStack.start();
    const info = stack.info();
    const ports = portsOf(info);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) expect(await isPortOpen('127.0.0.1', port)).toBe(true);
    const pids = [...processTree(stack.redis?.pid ?? -1), ...processTree(stack.dovecot.pid ?? -1)];
    expect(pids.length).toBeGreaterThanOrEqual(3);

    await stack.close();
    await stack.close();
    // The relay and the suite run in this process; Redis and Dovecot in the children.
    for (const port of [...ports, stack.dovecot.lmtpPort]) expect(listenedOnBy(port, [process.pid, ...pids]), `port ${port}`).toBe(false);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(stack.dir)).toBe(false);
  });

  it('the relay answers 421 while set to refuse mail, and delivers again afterwards', async () => {
    const stack = await LocalStack.start();
    try {
      const { sales, orders } = stack.mailboxes;
      const transport = createTransport({
        host: '127.0.0.1',
        port: stack.relay.port,
        secure: false,
        ignoreTLS: true,
        auth: { user: sales.address, pass: sales.password },
      });
      stack.relay.setRefusing(true);
      await expect(transport.sendMail({ from: sales.address, to: orders.address, text: 'x' })).rejects.toMatchObject({ responseCode: 421 });
      stack.relay.setRefusing(false);
      await expect(transport.sendMail({ from: sales.address, to: orders.address, text: 'x' })).resolves.toMatchObject({ accepted: [orders.address] });
    } finally {
      await stack.close();
    }
  });
});

describe('bin/orderdesk stack up', () => {
  it('prints the ready line, serves the CRM login page, and Ctrl-C closes every port', async () => {
    const child = spawn('bin/orderdesk', ['stack', 'up', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('stack up exited before printing the ready line')));
    });
    const info = JSON.parse(firstLine) as StackInfo;
    expect(info.ready).toBe(true);
    expect(Object.keys(info.mailboxes)).toEqual(
      expect.arrayContaining(['orders', 'sales', 'sales.manager', 'risk', 'compliance', 'finance', 'ops', 'customers']),
    );
    const login = await fetch(`${info.crm.url}/`, { redirect: 'follow' });
    expect(login.status).toBe(200);
    expect(await login.text()).toMatch(/password/i);

    const tree = processTree(child.pid as number);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of portsOf(info)) expect(listenedOnBy(port, tree), `port ${port}`).toBe(false);
    expect(tree.filter(alive)).toEqual([]);
  });

  it('stops with one line naming the key when a setting is bad', () => {
    let stderr = '';
    let status: number | null = null;
    try {
      execFileSync('bin/orderdesk', ['stack', 'up', '--json'], {
        env: { ...process.env, REDIS_URL: 'not-a-url' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const failure = error as { status: number; stderr: string };
      status = failure.status;
      stderr = failure.stderr;
    }
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^config error: redis\.url \(from REDIS_URL\)/);
  });
});
