import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { isPortOpen, LocalStack, type StackInfo } from '../../fixtures/local-stack/index.ts';
import { alive, listenedOnBy, portsOf, processTree } from './helpers/processes.ts';

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

  it('--target tryton runs a seeded Tryton as the CRM/ERP: sao, its records for tests, and Ctrl-C closes it too', { timeout: 300_000 }, async () => {
    const child = spawn('bin/orderdesk', ['stack', 'up', '--target', 'tryton', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('stack up exited before printing the ready line')));
    });
    const info = JSON.parse(firstLine) as StackInfo;
    expect(info.crm).toMatchObject({ target: 'tryton', user: 'admin', database: 'orderdesk' });
    const sao = await fetch(info.crm.url);
    expect(sao.status).toBe(200);
    expect(await sao.text()).toMatch(/tryton/i);
    const customers = (await (await fetch(`${info.crm.groundTruthUrl}/__fixture/customers`)).json()) as unknown[];
    expect(customers.length).toBeGreaterThanOrEqual(50);

    const tree = processTree(child.pid as number);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    for (const port of [...portsOf(info), Number(new URL(info.crm.groundTruthUrl).port)]) expect(listenedOnBy(port, tree), `port ${port}`).toBe(false);
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
