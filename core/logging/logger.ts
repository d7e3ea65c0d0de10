import { pino, type DestinationStream, type Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  '*.*.password',
  'pass',
  '*.pass',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.cookie',
  '*.headers.cookie',
  'storageState',
  '*.storageState',
  'redisUrl',
  '*.redisUrl',
];

export type { Logger };

/**
 * One pino logger per process, writing to stderr: stdout is kept for machine-readable command
 * output such as `stack up --json`.
 */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      name: options.name ?? 'orderdesk',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
