import { describe, expect, it } from 'vitest';
import { isStraySocketError } from '../../core/errors/stray-socket-errors.ts';

describe('isStraySocketError', () => {
  it.each([
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', _connId: 'abc' }), true],
    [Object.assign(new Error('Socket timeout'), { _connId: 'abc' }), true],
    [Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }), true],
    [Object.assign(new Error('Command failed'), { responseStatus: 'NO', responseText: 'Server shutting down.' }), true],
    [Object.assign(new Error('Something else'), { responseStatus: 'NO' }), false],
    [new Error('Cannot read properties of undefined'), false],
    [Object.assign(new Error('bad config'), { code: 'config_invalid' }), false],
    ['a string', false],
  ])('%s -> %s', (error, expected) => {
    expect(isStraySocketError(error)).toBe(expected);
  });
});
