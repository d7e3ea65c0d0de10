import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './load-settings.ts';

/**
 * Reads one business-edited YAML file and checks it with its zod schema. Whatever is wrong, the error is
 * one line naming the file and the key (`config error: config/approvers.yaml: roles.risk.approvers: ...`),
 * so the CLI can print it and stop start-up.
 */
export function loadYamlConfig<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw yamlConfigError(path, '(file)', `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw yamlConfigError(path, '(file)', `not valid YAML: ${(error as Error).message}`);
  }
  const result = schema.safeParse(parsed ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw yamlConfigError(path, issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)', issue?.message ?? 'invalid');
  }
  return result.data;
}

/** The one-line error for a bad value found after parsing (a cross-check between files, say). */
export function yamlConfigError(path: string, key: string, message: string): ConfigError {
  return new ConfigError(`config error: ${path}: ${key}: ${message}`.replace(/\s*[\r\n]+\s*/g, ' '));
}
