import type { Command } from 'commander';
import type { Settings } from '../../config/settings-schema.ts';
import { ConfigError, loadSettings } from '../../core/config/load-settings.ts';

/** Every command takes `--config PATH`; this reads it wherever on the command line it was given. */
export function settingsFor(command: Command): Settings {
  const { config } = command.optsWithGlobals<{ config?: string }>();
  return loadSettings(config ? { path: config } : {});
}

/** The CLI's rule for bad input: one line on stderr, a non-zero exit, never a stack trace. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
