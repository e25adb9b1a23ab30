/** What Ringside says about updates, derived from the status when shown (never stored). */
import type { UpdateStatus } from './update-controller';

/** The tray menu's update item, or null when there is nothing to offer. */
export function updateMenuItem(status: UpdateStatus): { label: string; enabled: boolean } | null {
  if (status.state === 'downloading') return { label: `Downloading Ringside ${status.version}… ${status.percent}%`, enabled: false };
  if (status.state !== 'ready') return null;
  if (status.waitingForCall) return { label: `Ringside ${status.version} installs when this call ends`, enabled: false };
  return { label: `Restart to update to Ringside ${status.version}`, enabled: true };
}

/**
 * A notification for a change worth interrupting for: an update ready to install, or one
 * refused because its download did not match. An unreachable feed stays quiet (it is retried).
 */
export function updateNotification(previous: UpdateStatus, next: UpdateStatus): { title: string; body: string } | null {
  if (next.state === 'ready' && !next.waitingForCall && previous.state !== 'ready')
    return {
      title: `Ringside ${next.version} is ready`,
      body: 'Choose "Restart to update" in the tray menu when it suits you. Ringside never restarts during a call.',
    };
  if (next.state === 'failed' && next.kind === 'tampered' && !(previous.state === 'failed' && previous.kind === 'tampered'))
    return {
      title: 'Ringside refused an update',
      body: 'The downloaded update did not match its published checksum, so it was not installed. Ringside keeps running this version and tries again later.',
    };
  return null;
}
