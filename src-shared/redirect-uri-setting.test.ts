import { describe, expect, it } from 'vitest';
import { DEFAULT_REDIRECT_URI, DEFAULT_SETTINGS, isLoopbackRedirectUri, settingsPatchSchema } from './settings';

describe('the redirect URI setting', () => {
  it("defaults to null (Ringside's fixed URI) and accepts loopback http URIs with a port and a path", () => {
    expect(DEFAULT_SETTINGS.redirectUri).toBeNull();
    for (const uri of [DEFAULT_REDIRECT_URI, 'http://localhost:40000/ringside', 'http://[::1]:5000/cb']) expect(isLoopbackRedirectUri(uri), uri).toBe(true);
    expect(settingsPatchSchema.parse({ redirectUri: 'http://127.0.0.1:40000/cb' })).toEqual({ redirectUri: 'http://127.0.0.1:40000/cb' });
    expect(settingsPatchSchema.parse({ redirectUri: null })).toEqual({ redirectUri: null });
  });

  it('refuses what Ringside cannot listen on, or could be sent elsewhere', () => {
    for (const uri of [
      'https://127.0.0.1:37219/callback',
      'http://example.com:37219/callback',
      'http://127.0.0.1/callback',
      'http://127.0.0.1:80/callback',
      'http://127.0.0.1:0/callback',
      'http://127.0.0.1:37219',
      'http://127.0.0.1:37219/',
      'http://127.0.0.1:37219/callback?x=1',
      'http://user@127.0.0.1:37219/callback',
      `http://127.0.0.1:37219/${'a'.repeat(200)}`,
      'not a url',
    ]) {
      expect(isLoopbackRedirectUri(uri), uri).toBe(false);
      expect(settingsPatchSchema.safeParse({ redirectUri: uri }).success, uri).toBe(false);
    }
  });
});
