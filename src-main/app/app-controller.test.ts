import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../src-shared/ipc-contract';
import type { TrackedCall } from '../../src-shared/calls';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { waitFor } from '../../test-support/simulator-harness';
import { AppController } from './app-controller';
import { dispatchInvoke, handlerTable, type HandlerTable } from './ipc-handlers';
import { RecordingPorts } from '../../test-support/recording-ports';
import { DEFAULT_REDIRECT_URI } from '../../src-shared/settings';
import type { AppSnapshot } from '../../src-shared/ipc-contract';
import { Session } from '../core/auth/session';

let app: AppController | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function demoApp(env: Record<string, string> = {}) {
  const ports = new RecordingPorts();
  app = await AppController.start(
    ports.appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
      env,
      demo: { timeScale: 50, seedHistory: 200, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  const invoke = (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, silentLogger);
  return { ports, app, table, invoke };
}

describe('AppController in demo mode', () => {
  it('starts in demo mode without credentials, signed in and labelled as demo', async () => {
    const { invoke, ports } = await demoApp();
    const snapshot = await invoke('app.snapshot', {});
    expect(snapshot).toMatchObject({ ok: true, value: { session: { status: 'signedIn', demo: true, userName: 'Alex Demo', extensionNumber: '101' } } });
    expect(ports.trayModels.at(-1)).toMatchObject({ icon: 'idle', tooltip: 'Ringside (demo): Ready', demo: true });
  });

  it('places a call through IPC: tray, notifications and events follow both legs', async () => {
    const { invoke, ports } = await demoApp();
    const placed = await invoke('call.start', { to: '(212) 555-0101' });
    expect(placed.ok).toBe(true);
    const call = (placed as { value: TrackedCall }).value;
    await waitFor(
      () =>
        ports.events.some((e) => e.channel === 'call.updated' && (e.payload as TrackedCall).id === call.id && (e.payload as TrackedCall).phase === 'confirmed'),
      {
        timeoutMs: 15_000,
        what: 'the confirmed call event',
      },
    );
    const icons = ports.trayModels.map((m) => m.icon);
    expect(icons).toEqual(expect.arrayContaining(['ringingYou', 'ringingThem', 'failed']));
    expect(icons.indexOf('ringingYou')).toBeLessThan(icons.indexOf('ringingThem'));
    expect(ports.trayModels.map((m) => m.tooltip)).toContain('Ringside (demo): You: answered · Them: busy');
    await waitFor(() => ports.notifications.some((n) => n.body.includes('Their line is busy')), { what: 'the busy notification' });
    expect(ports.settings.get().recentNumbers[0]).toBe('+12125550101');
  }, 30_000);

  it('answers bad numbers and unknown calls with codes a person can act on', async () => {
    const { invoke } = await demoApp();
    expect(await invoke('call.start', { to: '12' })).toEqual({
      ok: false,
      error: { code: 'INVALID_NUMBER', message: expect.stringContaining('not a valid phone number') },
    });
    expect(await invoke('call.cancel', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('rejects malformed payloads on every channel with a validation error, never a crash', async () => {
    const { table, invoke } = await demoApp();
    const malformed: unknown[] = [
      42,
      'text',
      [],
      { bogus: true },
      { to: ['+12125550100'] },
      { id: { nested: [1, 2] } },
      { filter: 'all', format: 'xml' },
      { window: 'devtools' },
      { jwt: 'x'.repeat(20_000) },
    ];
    for (const channel of INVOKE_CHANNELS) {
      for (const payload of malformed) {
        const answer = await invoke(channel, payload);
        expect(answer, `${channel} ${JSON.stringify(payload).slice(0, 40)}`).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      }
    }
    expect(await dispatchInvoke(table as HandlerTable, 'shell.openExternal', {}, silentLogger)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'Unknown request.' },
    });
    expect(await dispatchInvoke(table as HandlerTable, '__proto__', {}, silentLogger)).toMatchObject({ ok: false });
  });

  it('updates settings within their schema and tells every window', async () => {
    const { invoke, ports } = await demoApp();
    const updated = await invoke('settings.update', { theme: 'dark', notifications: { muted: true } });
    expect(updated).toMatchObject({ ok: true, value: { theme: 'dark', notifications: { muted: true, legChanges: true } } });
    expect(ports.events.at(-1)).toMatchObject({ channel: 'settings.changed' });
    expect(await invoke('settings.update', { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await invoke('settings.update', { recentNumbers: [] })).toMatchObject({ ok: false });
  });

  it('asks to confirm the number of a tel:, callto: or rcmobile: link, never dialling by itself', async () => {
    const { app, ports, invoke } = await demoApp();
    expect(app.handleProtocolUrl('tel:+1-212-555-0100;ext=12')).toBe(true);
    expect(app.handleProtocolUrl('callto://+442071838750')).toBe(true);
    expect(app.handleProtocolUrl('rcmobile://call?number=%2B12125550104')).toBe(true);
    expect(app.handleProtocolUrl('tel:not-a-number')).toBe(false);
    expect(app.handleProtocolUrl('https://example.com')).toBe(false);
    expect(ports.openedWindows).toEqual(['popover', 'popover', 'popover', 'popover']);
    expect(ports.events.filter((e) => e.channel === 'dial.request').map((e) => e.payload)).toEqual([
      { kind: 'number', source: 'link', number: '+12125550100', extension: '12', text: '+1-212-555-0100' },
      { kind: 'number', source: 'link', number: '+442071838750', extension: null, text: '+442071838750' },
      { kind: 'number', source: 'link', number: '+12125550104', extension: null, text: '+12125550104' },
      expect.objectContaining({ kind: 'noNumber', source: 'link', text: 'not-a-number' }),
    ]);
    // A window opened after the link finds the request in the snapshot, until it is dismissed.
    expect(await invoke('app.snapshot', {})).toMatchObject({ value: { dial: { kind: 'noNumber' } } });
    expect(await invoke('dial.dismiss', {})).toEqual({ ok: true, value: { dismissed: true } });
    expect(await invoke('app.snapshot', {})).toMatchObject({ value: { dial: null } });
    expect(ports.events.some((e) => e.channel === 'call.updated')).toBe(false);
  });

  it('the dial hotkey: a number in the selected text to confirm, or the text with a message', async () => {
    const { app, ports } = await demoApp();
    expect(app.dialFromText('Jordan: (212) 555-0103 x7')).toEqual({
      kind: 'number',
      source: 'hotkey',
      number: '+12125550103',
      extension: '7',
      text: '(212) 555-0103 x7',
    });
    expect(app.dialFromText('lunch at noon')).toMatchObject({ kind: 'noNumber', text: 'lunch at noon' });
    expect(ports.openedWindows).toEqual(['popover', 'popover']);
    expect(ports.events.filter((e) => e.channel === 'dial.request')).toHaveLength(2);
    expect(ports.events.some((e) => e.channel === 'call.updated')).toBe(false);
    app.reportDialHotkey('The shortcut Taken+Key is not available');
    app.reportDialHotkey('The shortcut Taken+Key is not available');
    expect(ports.events.filter((e) => e.channel === 'dialHotkey.status')).toEqual([
      { channel: 'dialHotkey.status', payload: { problem: 'The shortcut Taken+Key is not available' } },
    ]);
    expect(app.snapshot().dialHotkeyProblem).toBe('The shortcut Taken+Key is not available');
  });

  it('remembers the ring-me-at phone and caller ID of the last call, and refuses a phone the rule excludes', async () => {
    const { invoke, ports, app } = await demoApp();
    const numbers = await invoke('numbers.list', {});
    expect(numbers).toMatchObject({
      ok: true,
      value: {
        ringMeAt: [
          { phoneNumber: '+16505550198', type: 'Mobile' },
          { phoneNumber: '+16505550197', type: 'PhoneLine' },
          { phoneNumber: '+16505550194', type: 'Home' },
        ],
      },
    });
    const refused = await invoke('call.start', { to: '+12125550100', from: '+16505550194' });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('digital line, a mobile phone, or the main number with your extension') },
    });
    const sim = app.demoSimulator!;
    const first = await invoke('call.start', { to: '+12125550100', from: '+16505550198', callerId: '+16505550100' });
    expect(first).toMatchObject({ ok: true, value: { from: '+16505550198', callerId: '+16505550100' } });
    expect(ports.settings.get()).toMatchObject({ lastRingMeAt: '+16505550198', lastCallerId: '+16505550100' });
    // No choice given: the last one is used, and the RingOut request carries it.
    const second = await invoke('call.start', { to: '+12125550101' });
    expect(second).toMatchObject({ ok: true, value: { from: '+16505550198', callerId: '+16505550100' } });
    const sent = [...sim.calls.values()].find((c) => c.init.to === '+12125550101')!;
    expect(sent.init).toMatchObject({ ringMeAt: '+16505550198', callerId: '+16505550100' });
    // A new default in Settings replaces the remembered choice.
    await invoke('settings.update', { callerId: '+16505550110' });
    expect(ports.settings.get().lastCallerId).toBeNull();
  }, 20_000);

  it('a clicked notification opens its call in the popover', async () => {
    const { app, ports } = await demoApp();
    app.notificationClicked('call-1');
    expect(ports.openedWindows.at(-1)).toBe('popover');
    expect(ports.events.at(-1)).toEqual({ channel: 'popover.showCall', payload: { callId: 'call-1' } });
    expect(app.snapshot().showCallId).toBe('call-1');
  });

  it('passes the notification mode and the persistent alert to the core', async () => {
    const { invoke, ports, app } = await demoApp();
    await invoke('settings.update', { notificationMode: 'outcomes', persistentFailureAlert: true });
    const placed = await invoke('call.start', { to: '+12125550101' });
    const callId = (placed as { value: TrackedCall }).value.id;
    // The call's whole life, to its confirmation by the call log: one notification in all.
    await waitFor(() => app.snapshot().calls.find((c) => c.id === callId)?.phase === 'confirmed', { timeoutMs: 15_000, what: 'the call confirmed' });
    expect(ports.notifications.map((n) => [n.body, n.persistent ?? false])).toEqual([['Their line is busy', true]]);
  }, 20_000);

  it('exports the current filter through the save target and syncs history', async () => {
    const { invoke, ports } = await demoApp();
    await waitFor(async () => ((await invoke('history.query', {})) as { value: { total: number } }).value.total > 0, { timeoutMs: 10_000, what: 'history' });
    const exported = await invoke('history.export', { filter: { ringOutOnly: true }, format: 'csv' });
    expect(exported).toMatchObject({ ok: true, value: { saved: true } });
    expect(ports.saved[0]!.name).toMatch(/^ringside-calls-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = ports.saved[0]!.text.trim().split('\r\n').length - 1;
    expect(rows).toBe((exported as { value: { rows: number } }).value.rows);
  }, 20_000);

  it('signs out: tray shows signed out, calls need sign-in again', async () => {
    const { invoke, ports } = await demoApp();
    expect(await invoke('session.signOut', {})).toMatchObject({ ok: true, value: { status: 'signedOut' } });
    expect(ports.trayModels.at(-1)).toMatchObject({ icon: 'signedOut', signedIn: false });
    expect(await invoke('call.start', { to: '+12125550100' })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('uses real credentials from RC_* variables instead of the demo; switching to the demo revokes them', async () => {
    const { Simulator } = await import('../../src-simulator');
    const sim = await Simulator.start({ timeScale: 50 });
    try {
      const { invoke } = await demoApp({
        RC_SERVER_URL: sim.url,
        RC_CLIENT_ID: sim.app.clientId,
        RC_CLIENT_SECRET: sim.app.clientSecret,
        RC_JWT: 'ringside-demo-jwt',
      });
      expect(await invoke('app.snapshot', {})).toMatchObject({ ok: true, value: { session: { status: 'signedIn', demo: false, server: sim.url } } });
      // Switching to the demo ends the real session at RingCentral (finding 4): nothing left to push the next one out.
      expect(sim.tokens.liveSessions(sim.app.clientId, sim.account.extensions[0]!.id)).toBe(1);
      expect(await invoke('session.useDemo', {})).toMatchObject({ ok: true, value: { status: 'signedIn', demo: true } });
      expect(sim.tokens.liveSessions(sim.app.clientId, sim.account.extensions[0]!.id)).toBe(0);
    } finally {
      await app?.stop();
      app = undefined;
      await sim.close();
    }
  });

  it('signs in through the browser with PKCE and a loopback redirect', async () => {
    const { Simulator } = await import('../../src-simulator');
    const sim = await Simulator.start({ timeScale: 50, autoApprove: true });
    try {
      const { invoke, ports } = await demoApp();
      const demoServer = app!.demoSimulator!;
      const answer = await invoke('session.signInBrowser', { kind: 'custom', customUrl: sim.url, clientId: sim.app.clientId });
      expect(answer).toMatchObject({ ok: true });
      // Ringside's fixed, registered redirect URI (REALITY 1), and the demo session was ended first.
      expect(new URL(ports.openedUrls[0]!).searchParams.get('redirect_uri')).toBe(DEFAULT_REDIRECT_URI);
      expect(demoServer.requestLog.some((r) => r.operationId === 'revokeToken' && r.status === 200)).toBe(true);
      // The "system browser": follow RingCentral's redirect back to the loopback listener.
      const authorize = await fetch(ports.openedUrls[0]!, { redirect: 'manual' });
      const page = await fetch(authorize.headers.get('location')!);
      expect(await page.text()).toContain('You can close this tab');
      await waitFor(async () => ((await invoke('app.snapshot', {})) as { value: { session: { status: string } } }).value.session.status === 'signedIn', {
        what: 'browser sign-in',
      });
      await waitFor(() => ports.settings.get().server.kind === 'custom', { what: 'the server choice to be saved' });
      expect(ports.settings.get().server).toMatchObject({ kind: 'custom', customUrl: sim.url });
    } finally {
      await app?.stop();
      app = undefined;
      await sim.close();
    }
  });

  it('explains a redirect URI RingCentral does not know (OAU-109) with the URI to register, and opens no browser', async () => {
    const { Simulator } = await import('../../src-simulator');
    const sim = await Simulator.start({ timeScale: 50 });
    try {
      const { invoke, ports } = await demoApp({ RC_REDIRECT_URI: 'http://127.0.0.1:37299/elsewhere' });
      const answer = await invoke('session.signInBrowser', { kind: 'custom', customUrl: sim.url, clientId: sim.app.clientId });
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'SIGN_IN_FAILED', message: expect.stringContaining('add exactly http://127.0.0.1:37299/elsewhere ') },
      });
      expect(ports.openedUrls).toEqual([]);
      expect(((await invoke('app.snapshot', {})) as { value: AppSnapshot }).value.envRedirectUri).toBe('http://127.0.0.1:37299/elsewhere');
    } finally {
      await app?.stop();
      app = undefined;
      await sim.close();
    }
  });

  it('signed out by RingCentral (the session cap): says so, keeps calls and history, no retry loop, one click signs in again', async () => {
    const { Simulator } = await import('../../src-simulator');
    const sim = await Simulator.start({ timeScale: 50, seedHistory: 60, callLogDelaySeconds: 2 });
    try {
      const jwt = Object.keys(sim.app.jwts)[0]!;
      const { invoke } = await demoApp({ RC_SERVER_URL: sim.url, RC_CLIENT_ID: sim.app.clientId, RC_CLIENT_SECRET: sim.app.clientSecret, RC_JWT: jwt });
      const snapshot = async () => ((await invoke('app.snapshot', {})) as { value: AppSnapshot }).value;
      const total = async () => ((await invoke('history.query', {})) as { value: { total: number } }).value.total;
      // The first sync has run (60 seeded records: the user's, with two-record RingOuts merged into one call).
      await waitFor(async () => (await snapshot()).sync.phase === 'idle' && (await total()) > 0, { timeoutMs: 15_000, what: 'history' });
      const archived = await total();
      const placed = await invoke('call.start', { to: '+12125550100' });
      expect(placed.ok).toBe(true);
      const callId = (placed as { value: TrackedCall }).value.id;

      // Five more sign-ins of the same user and app: RingCentral ends the oldest, the app's (REALITY 2).
      for (let i = 0; i < 5; i++)
        await new Session(
          { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret },
          new MemorySecretStore(),
          silentLogger,
        ).signInWithJwt(jwt);
      // The next request to RingCentral (own numbers are cached per session, so a history sync) meets the 401.
      await invoke('history.sync', {});
      await waitFor(async () => (await snapshot()).session.status === 'needsSignIn', { timeoutMs: 10_000, what: 'the signed-out state' });
      const view = await snapshot();
      expect(view.session).toMatchObject({ status: 'needsSignIn', reason: expect.stringMatching(/^Signed out by RingCentral/) });
      expect(view.calls.map((c) => c.id)).toContain(callId);
      expect(await total()).toBeGreaterThanOrEqual(archived);

      // No loop: nothing more is asked of RingCentral's token endpoint while signed out.
      const tokenRequests = () => sim.requestLog.filter((r) => r.operationId === 'getToken').length;
      const before = tokenRequests();
      // The call goes on to its end on RingCentral meanwhile, and another sync is asked for: neither asks for a token.
      const ringOutId = (await snapshot()).calls.find((c) => c.id === callId)!.ringOutId!;
      await waitFor(() => sim.callByRingOutId(ringOutId)?.endedAt != null, { timeoutMs: 10_000, what: 'the call to end on RingCentral' });
      await invoke('history.sync', {});
      expect(tokenRequests()).toBe(before);

      expect(await invoke('session.signInAgain', {})).toMatchObject({ ok: true, value: { status: 'signedIn' } });
      expect((await snapshot()).calls.map((c) => c.id)).toContain(callId);
      expect(await invoke('numbers.list', {})).toMatchObject({ ok: true });
    } finally {
      await app?.stop();
      app = undefined;
      await sim.close();
    }
  }, 40_000);
});
