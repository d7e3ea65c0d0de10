import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ORDERDESK_BIN = fileURLToPath(new URL('../../../bin/orderdesk', import.meta.url));

export interface CheckJson {
  system: string;
  layout: string;
  ok: boolean;
  results: { screen: string; locator: string; status: string; detail?: string }[];
  broken: { screen: string; locator: string; status: string; detail?: string }[];
}

/** Runs `orderdesk selectors check --json` with the CRM settings in `crmEnv`; resolves with exit code and report. */
export function runSelectorsCheck(crmEnv: Record<string, string>): Promise<{ code: number | null; report: CheckJson }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ORDERDESK_BIN, 'selectors', 'check', '--json'], {
      env: { ...process.env, ORDERDESK_DATA_DIR: '/tmp/orderdesk-selectors-check', LOG_LEVEL: 'warn', ...crmEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code, report: JSON.parse(out) as CheckJson });
      } catch (error) {
        reject(new Error(`no JSON report (exit ${code}): ${out.slice(0, 500)} ${String(error)}`));
      }
    });
  });
}
