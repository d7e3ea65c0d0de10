import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logging/logger.ts';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  it('redacts passwords, tokens, cookies and browser session state wherever they sit', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'info' }, stream);
    log.info(
      {
        crm: { user: 'clerk', password: 'hunter2' },
        mailbox: { pass: 'imap-secret' },
        token: 'apv-123',
        request: { headers: { cookie: 'sid=abc' } },
        storageState: { cookies: [{ name: 'sid', value: 'abc' }] },
      },
      'logged in',
    );
    const text = lines.join('');
    for (const secret of ['hunter2', 'imap-secret', 'apv-123', 'sid=abc', '"abc"']) expect(text).not.toContain(secret);
    expect(text).toContain('clerk');
    expect(text).toContain('[redacted]');
  });

  it('honours the level', () => {
    const { lines, stream } = capture();
    const log = createLogger({ level: 'warn' }, stream);
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });
});
