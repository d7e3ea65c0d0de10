import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../../core/config/load-settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'orderdesk-settings-test-'));
function yamlFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadSettings', () => {
  it('reads the shipped config/orderdesk.yaml with defaults', () => {
    const settings = loadSettings({ env: {} });
    expect(settings.timezone).toBe('Asia/Shanghai');
    expect(settings.redis.url).toBeUndefined();
    expect(settings.mail.sharedMailbox).toBe('orders@acme-finance.example');
  });

  it('lets the environment override YAML, and reads secrets from *_FILE', () => {
    const path = yamlFile('a.yaml', 'crm:\n  url: http://crm.internal:8080\n  user: clerk\n');
    const secret = join(dir, 'crm-password');
    writeFileSync(secret, 's3cret\n');
    const settings = loadSettings({
      path,
      env: { CRM_USER: 'robot', CRM_PASSWORD_FILE: secret, REDIS_URL: 'redis://10.0.0.5:6380', IMAP_HOST: 'mail.internal', IMAP_PORT: '1143' },
    });
    expect(settings.crm).toMatchObject({ url: 'http://crm.internal:8080', user: 'robot', password: 's3cret' });
    expect(settings.redis.url).toBe('redis://10.0.0.5:6380');
    expect(settings.mail.imap).toEqual({ host: 'mail.internal', port: 1143 });
  });

  it.each([
    ['log:\n  level: loud\n', {}, /^config error: log\.level \(in .*\): /],
    ['redis:\n  prefix: "bad prefix"\n', {}, /^config error: redis\.prefix /],
    ['redis:\n  prefix: "{orderdesk"\n', {}, /^config error: redis\.prefix /],
    ['crm:\n  colour: blue\n', {}, /^config error: crm /],
    ['timezone: Asia/Shanghai\n', { REDIS_URL: 'http://not-redis' }, /^config error: redis\.url \(from REDIS_URL\)/],
    ['- a list\n', {}, /must hold a mapping/],
    ['a: [unclosed\n', {}, /is not valid YAML/],
  ])('rejects %j with one line naming the key', (text, env, message) => {
    const path = yamlFile(`bad-${Math.random()}.yaml`, text);
    let caught: unknown;
    try {
      loadSettings({ path, env });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toMatch(message);
    expect((caught as ConfigError).message).not.toContain('\n');
  });

  it('takes a prefix in braces, a Redis Cluster hash tag', () => {
    expect(loadSettings({ path: yamlFile('cluster.yaml', 'redis:\n  prefix: "{orderdesk}"\n'), env: {} }).redis.prefix).toBe('{orderdesk}');
  });

  it('refuses a port without a host', () => {
    expect(() => loadSettings({ env: { IMAP_PORT: '1143' } })).toThrow(/^config error: mail\.imap\.host/);
  });

  it('names the variable when a *_FILE secret cannot be read', () => {
    expect(() => loadSettings({ env: { CRM_PASSWORD_FILE: join(dir, 'missing') } })).toThrow(/CRM_PASSWORD_FILE: cannot read/);
  });
});
