/** Audit findings 1, 3, 5 and 15 through the IPC dispatcher, as a window would send them. */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvokeChannel } from '../../src-shared/ipc-contract';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { AppController } from './app-controller';
import { assertExternalUrl } from './external-url';
import { dispatchInvoke, handlerTable } from './ipc-handlers';
import { RecordingPorts } from '../../test-support/recording-ports';

let app: AppController | undefined;
const servers: Array<{ close(): void }> = [];
afterEach(async () => {
  await app?.stop();
  app = undefined;
  servers.splice(0).forEach((s) => s.close());
});

async function demoApp(ports = new RecordingPorts(), env: Record<string, string> = {}) {
  app = await AppController.start(
    ports.appPorts({
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
      env,
      demo: { timeScale: 50, seedHistory: 20, callLogDelaySeconds: 5 },
    }),
  );
  const table = handlerTable(app);
  const invoke = (channel: InvokeChannel, request: unknown) => dispatchInvoke(table, channel, request, silentLogger);
  return { ports, app, invoke };
}

/** A server that records every request's headers and body, and refuses them all. */
async function recordingServer() {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('settings.update changes only the keys sent (finding 1)', () => {
  it('a theme patch keeps ring-me-at, caller ID, launch at login, the shortcut and notifications', async () => {
    const { invoke } = await demoApp();
    const custom = {
      ringMeAt: '+16505550198',
      callerId: '+16505550100',
      launchAtLogin: true,
      globalShortcut: 'Alt+Shift+D',
      notifications: { muted: true, legChanges: false, failures: false },
      defaultCountry: 'DE',
      playPrompt: true,
    };
    expect(await invoke('settings.update', custom)).toMatchObject({ ok: true });
    const answer = await invoke('settings.update', { theme: 'dark' });
    expect(answer).toMatchObject({ ok: true, value: { ...custom, theme: 'dark' } });
    const partialNotifications = await invoke('settings.update', { notifications: { muted: false } });
    expect(partialNotifications).toMatchObject({
      ok: true,
      value: { ...custom, theme: 'dark', notifications: { muted: false, legChanges: false, failures: false } },
    });
  });
});

describe('setting values are bounded (finding 15)', () => {
  it('refuses a megabyte string, a shortcut without a modifier and an unknown country', async () => {
    const { invoke, app } = await demoApp();
    const before = app.snapshot().settings;
    expect(await invoke('settings.update', { ringMeAt: '1'.repeat(1_000_000) })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await invoke('settings.update', { callerId: 'x'.repeat(41) })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await invoke('settings.update', { globalShortcut: 'A' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/modifier/) },
    });
    expect(await invoke('settings.update', { globalShortcut: 'Shift' })).toMatchObject({ ok: false });
    expect(await invoke('settings.update', { defaultCountry: 'ZZ' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(app.snapshot().settings).toEqual(before);
    expect(await invoke('settings.update', { globalShortcut: 'CommandOrControl+Alt+K', defaultCountry: 'GB' })).toMatchObject({ ok: true });
  });
});

describe('the server URL is not trusted (finding 3)', () => {
  it('browser sign-in refuses file:, smb:, javascript: and plain-http servers; nothing reaches the browser', async () => {
    const { invoke, ports } = await demoApp();
    for (const customUrl of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'http://platform.example.com', 'ftp://x.example.com']) {
      expect(await invoke('session.signInBrowser', { kind: 'custom', customUrl, clientId: 'app' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' },
      });
    }
    expect(ports.openedUrls).toEqual([]);
  });

  it('only https (http on this computer) reaches openExternal', () => {
    for (const bad of [
      'file:///C:/Windows/System32/calc.exe',
      'file://host/share/x',
      'smb://host/share',
      'javascript:alert(1)',
      'http://example.com/login',
      'ms-msdt:/id',
      'https://user:pw@example.com/',
    ]) {
      expect(() => assertExternalUrl(bad), bad).toThrow(/will not open/);
    }
    expect(assertExternalUrl('https://platform.ringcentral.com/restapi/oauth/authorize?x=1')).toBe(
      'https://platform.ringcentral.com/restapi/oauth/authorize?x=1',
    );
    expect(assertExternalUrl('http://127.0.0.1:5000/restapi/oauth/authorize')).toBe('http://127.0.0.1:5000/restapi/oauth/authorize');
  });

  it("JWT sign-in never sends the environment's client secret to a server the window chose, nor saves it", async () => {
    const envServer = await recordingServer();
    const chosen = await recordingServer();
    const env = { RC_SERVER_URL: `${envServer.url}/`, RC_CLIENT_ID: 'env-id', RC_CLIENT_SECRET: 'env-secret-value' };
    const { invoke, ports } = await demoApp(new RecordingPorts(), {});
    // The env is read by the controller on each sign-in: restart it with the env set.
    await app!.stop();
    app = undefined;
    const withEnv = await demoApp(ports, env);
    const serverBefore = withEnv.app.snapshot().settings.server;
    const noClient = await withEnv.invoke('session.signInJwt', { kind: 'custom', customUrl: chosen.url, jwt: 'x'.repeat(20) });
    expect(noClient).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    await withEnv.invoke('session.signInJwt', { kind: 'custom', customUrl: chosen.url, clientId: 'env-id', jwt: 'x'.repeat(20) });
    const leaked = chosen.seen.filter(
      (r) =>
        JSON.stringify(r).includes('env-secret-value') ||
        String(r.headers.authorization ?? '').includes(Buffer.from('env-id:env-secret-value').toString('base64')),
    );
    expect(leaked).toEqual([]);
    expect(chosen.seen.length).toBeGreaterThan(0);
    expect(withEnv.app.snapshot().settings.server).toEqual(serverBefore);
    void invoke;
  }, 30_000);
});

describe('a full disk after a call is placed (finding 5)', () => {
  it('call.start succeeds once and places one call when saving recent numbers fails', async () => {
    const ports = new RecordingPorts();
    const { invoke, app } = await demoApp(ports);
    ports.settings.set = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const placed = await invoke('call.start', { to: '+1 212 555 0100' });
    expect(placed).toMatchObject({ ok: true });
    const ringOuts = app.demoSimulator!.requestLog.filter((r) => r.method === 'POST' && /ring-out$/.test(r.path));
    expect(ringOuts).toHaveLength(1);
  }, 30_000);

  it('demo mode starts even when settings cannot be written', async () => {
    const ports = new RecordingPorts();
    ports.settings.set = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const { app } = await demoApp(ports);
    expect(app.currentSession).toMatchObject({ status: 'signedIn', demo: true });
  }, 30_000);
});
