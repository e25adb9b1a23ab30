import { describe, expect, it } from 'vitest';
import { isPermissionError } from './telephony-push';

describe('isPermissionError (account-level filter falls back to the extension level)', () => {
  it('recognises a 403 answer or a permission message', () => {
    expect(isPermissionError(Object.assign(new Error('HTTP 403'), { response: new Response('{}', { status: 403 }) }))).toBe(true);
    expect(isPermissionError(new Error('In order to call this API endpoint, user needs to have [ReadCallLog] permission'))).toBe(true);
  });

  it('leaves other failures to the caller (no silent downgrade on a network error or a 500)', () => {
    expect(isPermissionError(new Error('socket hang up'))).toBe(false);
    expect(isPermissionError(Object.assign(new Error('HTTP 500'), { response: new Response('{}', { status: 500 }) }))).toBe(false);
  });
});
