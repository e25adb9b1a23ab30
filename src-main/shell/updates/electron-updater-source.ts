/**
 * The UpdateSource of the packaged app: electron-updater reading the release feed
 * (`publish` in electron-builder.yml), verifying each download's sha512 (and, on Windows,
 * the installer's signature) before it may be installed. Nothing here decides when: that is
 * UpdateController's job.
 */
import type { AppUpdater } from 'electron-updater';
import { UpdateFailure, type UpdateFailureKind, type UpdateSource } from '../../app/updates/update-controller';

/** Network errors and HTTP failures of the feed: retried later, without a word. */
const UNREACHABLE =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ERR_INTERNET_DISCONNECTED|HTTP_ERROR_\d+|ERR_UPDATER_CHANNEL_FILE_NOT_FOUND)$/;

/** electron-updater's and Node's error codes, in Ringside's three words. */
export function failureKindOf(error: unknown): UpdateFailureKind {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch|not signed by the application owner/i.test(String((error as Error)?.message))) return 'tampered';
  if (UNREACHABLE.test(code) || typeof (error as { statusCode?: unknown } | null)?.statusCode === 'number') return 'unreachable';
  return 'other';
}

function asFailure(error: unknown): UpdateFailure {
  return new UpdateFailure(failureKindOf(error), (error as Error)?.message ?? String(error));
}

export class ElectronUpdaterSource implements UpdateSource {
  constructor(private readonly updater: AppUpdater) {
    // UpdateController decides when to download and when to restart.
    updater.autoDownload = false;
    // Installing on the way out of a quit the user chose is not a restart (it never interrupts a call).
    updater.autoInstallOnAppQuit = true;
    // Its own error events would otherwise be unhandled; check() and download() report them.
    updater.on('error', () => undefined);
  }

  async check(): Promise<{ version: string } | null> {
    try {
      const result = await this.updater.checkForUpdates();
      if (!result || !result.isUpdateAvailable) return null;
      return { version: result.updateInfo.version };
    } catch (error) {
      throw asFailure(error);
    }
  }

  async download(onProgress: (percent: number) => void): Promise<void> {
    const listener = (progress: { percent: number }) => onProgress(progress.percent);
    this.updater.on('download-progress', listener);
    try {
      await this.updater.downloadUpdate();
    } catch (error) {
      throw asFailure(error);
    } finally {
      this.updater.off('download-progress', listener);
    }
  }

  install(): void {
    // Not silent (the installer may show its progress); electron-updater then starts the new
    // version after a non-silent install as its autoRunAppAfterInstall says (true by default).
    this.updater.quitAndInstall();
  }
}
