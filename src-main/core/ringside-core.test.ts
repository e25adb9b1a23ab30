import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';
import { waitFor } from '../../test-support/simulator-harness';
import type { CallNotification } from './notify/notification-policy';
import { MemorySecretStore } from './ports';
import { RingsideCore } from './ringside-core';

let sim: Simulator | undefined;
const cores: RingsideCore[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.stop();
  await sim?.close();
  sim = undefined;
});

async function start(dataDir: string, secrets: MemorySecretStore) {
  const core = await RingsideCore.start({ server: { server: sim!.url, clientId: sim!.app.clientId, clientSecret: sim!.app.clientSecret }, secrets, dataDir });
  cores.push(core);
  return core;
}

describe('RingsideCore', () => {
  it('signs in, syncs history, tracks a call to its confirmed outcome, notifies and archives it', async () => {
    sim = await Simulator.start({ timeScale: 50, callLogDelaySeconds: 5, statusExpirySeconds: 10, seedHistory: 300 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-core-'));
    const core = await start(dataDir, new MemorySecretStore());
    const notifications: CallNotification[] = [];
    core.onNotification((n) => notifications.push(n));
    await core.session.signInWithJwt('ringside-demo-jwt');
    await waitFor(() => core.history.progress.phase === 'idle' && core.history.count() > 0, { timeoutMs: 10_000, what: 'the first sync' });
    const numbers = await core.calls.ownNumbers();
    expect(numbers.ringMeAt.map((n) => n.label)).toEqual(['My mobile', 'Desk phone', 'Home phone']);
    expect(numbers.callerIds.map((n) => n.phoneNumber)).toContain('+16505550110');
    const placed = await core.calls.place({ to: '+12125550101', from: numbers.ringMeAt[0]!.phoneNumber, toName: 'Casey Morgan' });
    await waitFor(() => core.calls.get(placed.id)?.phase === 'confirmed', { timeoutMs: 15_000, what: 'confirmation' });
    await waitFor(() => core.history.list({ search: 'Casey', ringOutOnly: true }).rows.some((r) => r.tracked), { what: 'the archived call' });
    const row = core.history.list({ search: 'Casey', ringOutOnly: true }).rows.find((r) => r.tracked)!;
    expect(row).toMatchObject({ callerState: 'connected', calleeState: 'busy', explanation: "You answered, but the other party's line was busy." });
    expect(core.history.detail(row.id)?.tracked?.caller.history.map((h) => h.state)).toEqual(['waiting', 'ringing', 'connected']);
    await waitFor(() => notifications.some((n) => n.body.includes('Their line is busy')), { what: 'the busy notification' });
    expect(notifications.every((n) => n.title === 'Call to Casey Morgan (+1 212 555 0101)')).toBe(true);
  }, 30_000);

  it('archives a call RingCentral logs too late as "not yet in the call log", and a later sync refines it by itself', async () => {
    // 200x, and the record appears 15 simulated minutes late: after Ringside stops checking
    // (about 10 rate-limit windows), before the follow-up sync (10 windows after that).
    sim = await Simulator.start({ timeScale: 200, callLogDelaySeconds: 5, statusExpirySeconds: 20 });
    // Token lifetimes shrink with the time scale: the refresh margin must too (as demo mode does).
    const core = await RingsideCore.start({
      server: { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret, refreshHandicapMs: 60_000 / 200 },
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-core-')),
    });
    cores.push(core);
    await core.session.signInWithJwt('ringside-demo-jwt');
    await waitFor(() => core.history.progress.phase === 'idle', { timeoutMs: 10_000, what: 'the first sync' });
    sim.setFaults({ callLog: { extraDelaySeconds: 900 } });
    const placed = await core.calls.place({ to: '+12125550101', from: '+16505550198', toName: 'Casey Morgan' });
    const pending = await waitFor(
      () => {
        const call = core.calls.get(placed.id);
        return call?.phase === 'unknown' ? call : null;
      },
      { timeoutMs: 20_000, what: 'the call given up on' },
    );
    expect(pending.callLogPending).toBe(true);
    const unconfirmed = await waitFor(() => core.history.list({ search: 'Casey' }).rows.find((r) => r.tracked), { what: 'the unconfirmed row' });
    expect(unconfirmed.id).toBe(`ringside:${placed.id}`);
    expect(unconfirmed.calleeState).toBe('busy');
    const refined = await waitFor(() => core.history.list({ search: 'Casey' }).rows.find((r) => r.tracked && !r.id.startsWith('ringside:')), {
      timeoutMs: 20_000,
      what: 'the follow-up sync',
    });
    expect(refined).toMatchObject({ callerState: 'connected', calleeState: 'busy', explanation: "You answered, but the other party's line was busy." });
    expect(core.history.list({ search: 'Casey' }).rows.filter((r) => r.tracked)).toHaveLength(1);
    expect(core.history.detail(refined.id)?.tracked).toMatchObject({ id: placed.id, phase: 'confirmed', callLogPending: false });
  }, 30_000);

  it('comes back signed in after a restart, and reports an unreadable archive it set aside', async () => {
    sim = await Simulator.start({ timeScale: 50 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ringside-core-'));
    const secrets = new MemorySecretStore();
    const first = await start(dataDir, secrets);
    await first.session.signInWithJwt('ringside-demo-jwt');
    await first.stop();
    cores.splice(0);
    writeFileSync(path.join(dataDir, 'archive.sqlite'), 'garbage');
    const second = await start(dataDir, secrets);
    expect(second.session.state.status).toBe('signedIn');
    expect(second.archiveRecovered?.movedTo).toMatch(/corrupt/);
    expect((await second.session.account()).name).toBe('Alex Demo');
  }, 30_000);
});
