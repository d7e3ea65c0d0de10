import { describe, expect, it } from 'vitest';
import { DashboardUsers } from '../../../jobs/dashboard/dashboard-users.ts';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../../jobs/dashboard/password-hash.ts';

describe('dashboard password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with a fresh salt each time, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery staple', first)).toBe(true);
    expect(await verifyPassword('correct horse battery staple', second)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', first)).toBe(false);
    expect(await verifyPassword('', first)).toBe(false);
  });

  it('treats the same characters typed differently (NFC vs NFD) as one password', async () => {
    const stored = await hashPassword('café-密码');
    expect(await verifyPassword('cafe\u0301-密码', stored)).toBe(true);
  });

  it('refuses an empty password', async () => {
    await expect(hashPassword('')).rejects.toThrow(/empty/);
  });

  it.each([
    ['plain text', 'hunter2'],
    ['another scheme', 'bcrypt$10$abcdefghijklmnopqrstuv$abcdefghijklmnopqrstuvwxyz0123456789AB'],
    ['N not a power of two', 'scrypt$30000$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['N too large (would hang a log-in)', 'scrypt$2097152$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['r out of range', 'scrypt$16384$0$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['salt too short', 'scrypt$16384$8$1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['missing hash', 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA'],
  ])('never matches a malformed stored hash: %s', async (_case, stored) => {
    expect(parsePasswordHash(stored)).toBeUndefined();
    expect(await verifyPassword('hunter2', stored)).toBe(false);
  });

  it('reads a hash made with other cost parameters (an older, cheaper one still works)', async () => {
    // Made with N=1024, r=8, p=1 for the password "legacy".
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('legacy', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    expect(await verifyPassword('legacy', stored)).toBe(true);
    expect(await verifyPassword('Legacy', stored)).toBe(false);
  });
});

describe('dashboard users file', () => {
  it('authenticates by name and password and gives the role; a wrong name or password gives nothing', async () => {
    const users = DashboardUsers.fromObject({
      users: [
        { name: 'ana', role: 'operator', passwordHash: await hashPassword('ana-pw') },
        { name: 'vic', role: 'viewer', passwordHash: await hashPassword('vic-pw') },
      ],
    });
    expect(await users.authenticate('ana', 'ana-pw')).toEqual({ name: 'ana', role: 'operator' });
    expect(await users.authenticate('vic', 'vic-pw')).toEqual({ name: 'vic', role: 'viewer' });
    expect(await users.authenticate('ana', 'vic-pw')).toBeUndefined();
    expect(await users.authenticate('nobody', 'ana-pw')).toBeUndefined();
    expect(users.find('vic')).toEqual({ name: 'vic', role: 'viewer' });
    expect(users.find('nobody')).toBeUndefined();
  });

  it.each([
    ['a clear-text password', { users: [{ name: 'a', role: 'admin', passwordHash: 'secret' }] }, /users\.0\.passwordHash: not a hash/],
    ['an unknown role', { users: [{ name: 'a', role: 'root', passwordHash: 'x' }] }, /users\.0\.role/],
    ['a password field instead of a hash', { users: [{ name: 'a', role: 'admin', password: 'secret' }] }, /users\.0/],
    ['no users', { users: [] }, /users/],
  ])('refuses a users file with %s, naming the entry', (_case, raw, message) => {
    expect(() => DashboardUsers.fromObject(raw)).toThrow(message);
  });

  it('refuses a user listed twice', async () => {
    const passwordHash = await hashPassword('x');
    expect(() => DashboardUsers.fromObject({ users: [{ name: 'a', role: 'admin', passwordHash }, { name: 'a', role: 'viewer', passwordHash }] })).toThrow(/listed twice/);
  });

  it('loads the shipped demo file, whose admin has the documented demo password', async () => {
    const users = DashboardUsers.fromFile('config/dashboard-users.yaml');
    expect(await users.authenticate('admin', 'orderdesk-demo')).toEqual({ name: 'admin', role: 'admin' });
  });
});
