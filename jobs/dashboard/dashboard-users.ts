import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../core/config/load-settings.ts';
import { hashPassword, parsePasswordHash, verifyPassword } from './password-hash.ts';
import { DASHBOARD_ROLES, type DashboardRole } from './permissions.ts';

/** Relative users-file paths are read from the OrderDesk folder, wherever the command was started. */
const ORDERDESK_HOME = fileURLToPath(new URL('../../', import.meta.url));

const usersFileSchema = z
  .object({
    users: z
      .array(
        z
          .object({
            name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'letters, digits and . _ @ - only'),
            role: z.enum(DASHBOARD_ROLES),
            passwordHash: z.string().refine((value) => parsePasswordHash(value) !== undefined, 'not a hash from `orderdesk dashboard hash-password`'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export interface DashboardUser {
  name: string;
  role: DashboardRole;
}

/** The dashboard's users, read once at start-up; a bad file stops start-up with one line naming the entry. */
export class DashboardUsers {
  /** Checked when the name is unknown, so a wrong name costs as long as a wrong password. */
  private decoy: Promise<string> | undefined;

  private constructor(private readonly users: ReadonlyMap<string, DashboardUser & { passwordHash: string }>) {}

  static fromFile(path: string): DashboardUsers {
    const full = isAbsolute(path) ? path : resolve(ORDERDESK_HOME, path);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(full, 'utf8'));
    } catch (error) {
      throw new ConfigError(`config error: dashboard.usersFile: cannot read ${full}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split('\n')[0]}`);
    }
    return DashboardUsers.fromObject(raw, full);
  }

  static fromObject(raw: unknown, origin = 'dashboard users'): DashboardUsers {
    const parsed = usersFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfigError(`config error: dashboard.usersFile (${origin}): ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
    }
    const users = new Map<string, DashboardUser & { passwordHash: string }>();
    for (const user of parsed.data.users) {
      if (users.has(user.name)) throw new ConfigError(`config error: dashboard.usersFile (${origin}): user ${user.name} is listed twice`);
      users.set(user.name, user);
    }
    return new DashboardUsers(users);
  }

  /** The user when name and password match, else undefined (the caller cannot tell which was wrong). */
  async authenticate(name: string, password: string): Promise<DashboardUser | undefined> {
    const user = this.users.get(name);
    if (!user) {
      this.decoy ??= hashPassword('decoy password for unknown users');
      await verifyPassword(password, await this.decoy);
      return undefined;
    }
    if (!(await verifyPassword(password, user.passwordHash))) return undefined;
    return { name: user.name, role: user.role };
  }

  /** The user's current role; a session of a user removed from the file (after a restart) ends. */
  find(name: string): DashboardUser | undefined {
    const user = this.users.get(name);
    return user ? { name: user.name, role: user.role } : undefined;
  }
}
