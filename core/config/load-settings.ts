import { ErrorCode } from '../errors/error-codes.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { settingsSchema, type Settings } from '../../config/settings-schema.ts';
import { OrderDeskError } from '../errors/orderdesk-error.ts';

export const DEFAULT_SETTINGS_PATH = fileURLToPath(new URL('../../config/orderdesk.yaml', import.meta.url));

/**
 * Environment variables that override a settings key. Secrets may instead be given as `<NAME>_FILE`
 * (a path whose content is the value), which keeps them out of `ps` and shell history.
 */
export const ENVIRONMENT_KEYS: readonly { name: string; path: string[]; secret?: boolean }[] = [
  { name: 'ORDERDESK_TIMEZONE', path: ['timezone'] },
  { name: 'REDIS_URL', path: ['redis', 'url'], secret: true },
  { name: 'ORDERDESK_REDIS_PREFIX', path: ['redis', 'prefix'] },
  { name: 'CRM_TARGET', path: ['crm', 'target'] },
  { name: 'CRM_URL', path: ['crm', 'url'] },
  { name: 'CRM_DATABASE', path: ['crm', 'database'] },
  { name: 'CRM_USER', path: ['crm', 'user'] },
  { name: 'CRM_PASSWORD', path: ['crm', 'password'], secret: true },
  { name: 'CHROMIUM_PATH', path: ['browser', 'chromiumPath'] },
  { name: 'IMAP_HOST', path: ['mail', 'imap', 'host'] },
  { name: 'IMAP_PORT', path: ['mail', 'imap', 'port'] },
  { name: 'SMTP_HOST', path: ['mail', 'smtp', 'host'] },
  { name: 'SMTP_PORT', path: ['mail', 'smtp', 'port'] },
  { name: 'SHARED_MAILBOX', path: ['mail', 'sharedMailbox'] },
  { name: 'SHARED_MAILBOX_PASSWORD', path: ['mail', 'sharedMailboxPassword'], secret: true },
  { name: 'INTAKE_DROP_FOLDER', path: ['intake', 'dropFolder'] },
  { name: 'ORDERDESK_DATA_DIR', path: ['dataDir'] },
  { name: 'KEYING_CONCURRENCY', path: ['keying', 'concurrency'] },
  { name: 'KEYING_MAX_ORDERS_PER_SECOND', path: ['keying', 'maxOrdersPerSecond'] },
  { name: 'KEYING_PAUSE_AFTER_FAILURES', path: ['keying', 'pauseAfterConsecutiveFailures'] },
  { name: 'KEYING_PROBE_INTERVAL_SECONDS', path: ['keying', 'probeIntervalSeconds'] },
  { name: 'KEYING_SCREEN_TIMEOUT_MS', path: ['keying', 'screenTimeoutMs'] },
  { name: 'KEYING_TRACES', path: ['keying', 'traces'] },
  { name: 'KEYING_ATTEMPT_BUDGET_SECONDS', path: ['keying', 'attemptBudgetSeconds'] },
  { name: 'REVIEW_FACTS_SOURCE', path: ['review', 'factsSource'] },
  { name: 'REVIEW_FACTS_MAX_AGE_MINUTES', path: ['review', 'factsMaxAgeMinutes'] },
  { name: 'REVIEW_SCREEN_TIMEOUT_MS', path: ['review', 'screenTimeoutMs'] },
  { name: 'BRANCHES_FILE', path: ['review', 'branchesFile'] },
  { name: 'OPS_ADDRESS', path: ['mail', 'opsAddress'] },
  { name: 'DUNNING_CONCURRENCY', path: ['dunning', 'concurrency'] },
  { name: 'DUNNING_RUN_LOCK_SECONDS', path: ['dunning', 'runLockSeconds'] },
  { name: 'DUNNING_MAILBOX_PASSWORD', path: ['dunning', 'mailboxPassword'], secret: true },
  { name: 'WORKER_LOCK_DURATION_MS', path: ['workers', 'lockDurationMs'] },
  { name: 'WORKER_STALLED_INTERVAL_MS', path: ['workers', 'stalledIntervalMs'] },
  { name: 'WORKER_SHUTDOWN_GRACE_MS', path: ['workers', 'shutdownGraceMs'] },
  { name: 'APPROVAL_RULES_FILE', path: ['approvals', 'rulesFile'] },
  { name: 'APPROVERS_FILE', path: ['approvals', 'approversFile'] },
  { name: 'APPROVALS_TRUSTED_AUTHSERV_ID', path: ['approvals', 'trustedAuthservId'] },
  { name: 'APPROVALS_REQUIRE_DMARC_PASS', path: ['approvals', 'requireDmarcPass'] },
  { name: 'LOG_LEVEL', path: ['log', 'level'] },
  { name: 'DASHBOARD_HOST', path: ['dashboard', 'host'] },
  { name: 'DASHBOARD_PORT', path: ['dashboard', 'port'] },
  { name: 'DASHBOARD_USERS_FILE', path: ['dashboard', 'usersFile'] },
  { name: 'DASHBOARD_SESSION_IDLE_MINUTES', path: ['dashboard', 'sessionIdleMinutes'] },
  { name: 'DASHBOARD_SESSION_SECRET', path: ['dashboard', 'sessionSecret'], secret: true },
  { name: 'DASHBOARD_TRUST_PROXY', path: ['dashboard', 'trustProxy'] },
  { name: 'DASHBOARD_METRICS_TOKEN', path: ['dashboard', 'metricsToken'], secret: true },
];

export class ConfigError extends OrderDeskError {
  constructor(message: string) {
    super(ErrorCode.configInvalid, message);
    this.name = 'ConfigError';
  }
}

type Environment = Record<string, string | undefined>;

function readYaml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`config error: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`config error: ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`config error: ${path} must hold a mapping of settings`);
  }
  return parsed as Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string[], value: string): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

function environmentValue(env: Environment, name: string, secret: boolean): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = secret ? env[`${name}_FILE`] : undefined;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new ConfigError(`config error: ${name}_FILE: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * Reads, merges and validates the settings once at start-up. A bad value throws a ConfigError whose
 * message is one line naming the key, so the CLI can print it and stop.
 */
export function loadSettings(options: { path?: string; env?: Environment } = {}): Settings {
  const path = options.path ?? DEFAULT_SETTINGS_PATH;
  const env = options.env ?? process.env;
  const raw = readYaml(path);
  for (const key of ENVIRONMENT_KEYS) {
    const value = environmentValue(env, key.name, key.secret ?? false);
    if (value !== undefined) setPath(raw, key.path, value);
  }
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join('.') || '(top level)';
    const fromEnv = ENVIRONMENT_KEYS.find((k) => k.path.join('.') === key && env[k.name] !== undefined);
    const origin = fromEnv ? ` (from ${fromEnv.name})` : ` (in ${path})`;
    throw new ConfigError(`config error: ${key}${origin}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
