import { isAllowedServerUrl } from '../../src-shared/settings';
import { RingsideError } from '../core/index';

export class UnsafeExternalUrlError extends RingsideError {
  constructor(url: string) {
    super(
      'UNSAFE_URL',
      `Ringside will not open ${JSON.stringify(url.slice(0, 80))}: only https:// addresses (http:// on this computer) are opened in the browser.`,
    );
    this.name = 'UnsafeExternalUrlError';
  }
}

/**
 * The one gate in front of shell.openExternal: https, or http on this computer (the
 * simulator's sign-in page). file:, smb:, javascript: and the like never reach the OS,
 * which would run or mount them. The security scan requires every openExternal call to
 * pass its URL through this function.
 */
export function assertExternalUrl(url: string): string {
  if (!isAllowedServerUrl(url)) throw new UnsafeExternalUrlError(url);
  return new URL(url).href;
}
