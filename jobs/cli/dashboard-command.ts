import type { Command } from 'commander';
import { hashPassword } from '../dashboard/password-hash.ts';

/** Longest password read from stdin: enough for any passphrase, not enough to make scrypt a burden. */
const MAX_PASSWORD_CHARS = 1_024;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerDashboardCommand(program: Command): void {
  const dashboard = program.command('dashboard').description('dashboard administration');
  dashboard
    .command('hash-password')
    .description('read a password from stdin (one line) and print its hash for config/dashboard-users.yaml')
    .action(async () => {
      // Only the first line: `echo pw | orderdesk ...` and a typed line ended by Ctrl-D both work.
      const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
      if (password.length === 0 || password.length > MAX_PASSWORD_CHARS) {
        process.stderr.write(`give the password on stdin: 1 to ${MAX_PASSWORD_CHARS} characters on one line\n`);
        process.exit(2);
      }
      process.stdout.write(`${await hashPassword(password)}\n`);
    });
}
