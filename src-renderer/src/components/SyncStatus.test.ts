import { IDLE_SYNC } from '../../../src-shared/history';
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import SyncStatus from './SyncStatus.svelte';

const idleRate = { queued: { user: 0, live: 0, sync: 0 }, waitingUntil: null };

describe('SyncStatus', () => {
  it('shows initial sync progress with counts', () => {
    render(SyncStatus, { sync: { ...IDLE_SYNC, phase: 'initial', fetched: 3000, total: 10000, message: null }, rate: idleRate, onSync: vi.fn() });
    expect(screen.getByText('Downloading history · 3,000 of about 10,000 calls')).toBeTruthy();
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(3000);
    expect((screen.getByRole('button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('during a first sync: where history is complete from, counts, time left and the rate limit', () => {
    const completeFrom = Date.UTC(2026, 8, 3, 12);
    render(SyncStatus, {
      sync: { ...IDLE_SYNC, phase: 'initial', fetched: 1234, total: 5000, completeFrom, secondsLeft: 2100, requestsPerMinute: 10 },
      rate: idleRate,
      onSync: vi.fn(),
    });
    // The date in the viewer's locale, formatted when shown.
    const since = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(completeFrom);
    expect(
      screen.getByText(`History since ${since} · 1,234 of about 5,000 calls · about 35 min left (RingCentral allows 10 history requests a minute)`),
    ).toBeTruthy();
  });

  it('idle: says where history is complete from, and offers to sync now', () => {
    const completeFrom = Date.UTC(2025, 11, 3, 12);
    render(SyncStatus, { sync: { ...IDLE_SYNC, completeFrom }, rate: idleRate, onSync: vi.fn() });
    expect(screen.getByRole('status').textContent).toContain(
      `History since ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(completeFrom)}`,
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect((screen.getByRole('button', { name: 'Sync now' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('explains a rate-limit wait instead of showing a failure', () => {
    render(SyncStatus, {
      sync: { ...IDLE_SYNC, phase: 'initial', fetched: 9000, total: 10000, message: null },
      rate: { queued: { user: 0, live: 0, sync: 1 }, waitingUntil: Date.now() + 20_000 },
      onSync: vi.fn(),
    });
    expect(screen.getByText(/Waiting 2\d s for RingCentral's rate limit\. Nothing is lost/)).toBeTruthy();
  });

  it('says when sync paused, and offers to sync now', () => {
    const onSync = vi.fn();
    render(SyncStatus, {
      sync: { ...IDLE_SYNC, phase: 'error', fetched: 0, total: null, message: 'RingCentral could not be reached.' },
      rate: idleRate,
      onSync,
    });
    expect(screen.getByText('Sync paused: RingCentral could not be reached.')).toBeTruthy();
    screen.getByRole('button', { name: 'Sync now' }).click();
    expect(onSync).toHaveBeenCalled();
  });
});
