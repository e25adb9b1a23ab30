/**
 * The update decisions against a real release feed served from 127.0.0.1: electron-updater
 * itself (the Linux .deb updater, as a packaged Ringside on Debian uses) reads
 * `latest-linux.yml`, downloads the file and checks its sha512. Only the app adapter (what
 * would be Electron's `app`) and the final install are stand-ins: a test never runs dpkg.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { DebUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../test-support/fake-clock';
import { UpdateController, type UpdateStatus } from '../../app/updates/update-controller';
import { updateMenuItem, updateNotification } from '../../app/updates/update-words';
import { ElectronUpdaterSource, failureKindOf } from './electron-updater-source';

const sha512 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

/** A release feed: `latest-linux.yml` and the .deb it names, with switches for what can go wrong. */
class ReleaseFeed {
  private server: Server | null = null;
  readonly requests: string[] = [];
  version = '1.2.0';
  readonly payload = randomBytes(64 * 1024);
  /** Serve other bytes than the ones the yml's sha512 describes (a tampered or corrupted upload). */
  tampered = false;
  /** Answer every request with this status instead. */
  failWith: number | null = null;

  get fileName(): string {
    return `Ringside_${this.version}_amd64.deb`;
  }

  private yml(): string {
    const hash = sha512(this.payload);
    return [
      `version: ${this.version}`,
      'files:',
      `  - url: ${this.fileName}`,
      `    sha512: ${hash}`,
      `    size: ${this.payload.length}`,
      `path: ${this.fileName}`,
      `sha512: ${hash}`,
      "releaseDate: '2026-12-01T10:00:00.000Z'",
      '',
    ].join('\n');
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const name = new URL(request.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
      this.requests.push(name);
      if (this.failWith) return void response.writeHead(this.failWith).end();
      if (name === 'latest-linux.yml') return void response.writeHead(200, { 'content-type': 'text/yaml' }).end(this.yml());
      if (name === this.fileName) {
        const body = this.tampered ? Buffer.concat([this.payload.subarray(1), Buffer.from('!')]) : this.payload;
        return void response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

/** The .deb updater of a packaged Ringside 1.1.0; installing hands the verified file to `installed` instead of dpkg. */
class DebUpdaterUnderTest extends DebUpdater {
  readonly installed: Array<{ file: string; sha512: string }> = [];
  protected override doInstall(): boolean {
    const file = this.installerPath!;
    this.installed.push({ file, sha512: sha512(readFileSync(file)) });
    // false: nothing was really installed, so electron-updater does not quit this test process.
    return false;
  }
}

/**
 * Node's http in place of Electron's net module, with electron-updater's own download path
 * (the one its ElectronHttpExecutor takes): the base class streams the file through its
 * sha512 check, so a mismatch still fails exactly as in the app.
 */
class NodeDownloadExecutor extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null },
        0,
      );
    });
  }
}

let dir: string;
let feed: ReleaseFeed;
let clock: FakeClock;
let callLive: boolean;

function packagedApp(): AppAdapter {
  return {
    version: '1.1.0',
    name: 'Ringside',
    isPackaged: true,
    appUpdateConfigPath: path.join(dir, 'app-update.yml'),
    userDataPath: path.join(dir, 'user-data'),
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

async function setUp(): Promise<{ updater: DebUpdaterUnderTest; controller: UpdateController; statuses: UpdateStatus[] }> {
  const url = await feed.start();
  const updater = new DebUpdaterUnderTest(null, packagedApp());
  // electron-updater downloads through Electron's net module in the app; here through Node's http.
  (updater as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor = new NodeDownloadExecutor();
  updater.logger = null;
  // What electron-builder writes into a packaged app's resources from `publish`.
  writeFileSync(path.join(dir, 'app-update.yml'), `provider: generic\nurl: ${url}\nupdaterCacheDirName: ringside-updater\n`);
  const controller = new UpdateController({
    source: new ElectronUpdaterSource(updater),
    clock,
    isCallLive: () => callLive,
    policy: { firstCheckAfterMs: 60_000, checkEveryMs: 4 * 3_600_000, retryAfterFailureMs: 3_600_000 },
  });
  const statuses: UpdateStatus[] = [];
  controller.onChanged((status) => statuses.push(status));
  return { updater, controller, statuses };
}

/**
 * Runs the fake clock forward and waits (on real I/O) for the check that a timer started to
 * settle. A timer that does not fire leaves it waiting: the test times out and fails.
 */
async function runUntilSettled(controller: UpdateController, ms: number): Promise<UpdateStatus> {
  const settled = new Promise<UpdateStatus>((resolve) => {
    const subscription = controller.onChanged((status) => {
      if (status.state === 'checking' || status.state === 'downloading') return;
      subscription.dispose();
      resolve(status);
    });
  });
  await clock.advance(ms);
  return settled;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ringside-update-'));
  feed = new ReleaseFeed();
  clock = new FakeClock();
  callLive = false;
});

afterEach(async () => {
  await feed.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('updates from a release feed on 127.0.0.1', () => {
  it('checks a minute after start, downloads the newer version in the background and says it is ready', async () => {
    const { controller, statuses } = await setUp();
    controller.start();
    await clock.advance(59_000);
    expect(feed.requests).toEqual([]);
    const status = await runUntilSettled(controller, 1_000);
    expect(status).toEqual({ state: 'ready', version: '1.2.0', waitingForCall: false });
    expect(feed.requests).toContain('latest-linux.yml');
    expect(feed.requests).toContain(feed.fileName);
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(updateNotification(statuses.at(-2)!, status)?.title).toBe('Ringside 1.2.0 is ready');
    expect(updateMenuItem(status)).toEqual({ label: 'Restart to update to Ringside 1.2.0', enabled: true });
    controller.stop();
  });

  it('installs only when the user asks, and then the very file whose sha512 the feed published', async () => {
    const { updater, controller } = await setUp();
    await controller.checkNow();
    expect(updater.installed).toEqual([]);
    expect(controller.restartToUpdate()).toBe('restarting');
    expect(updater.installed).toHaveLength(1);
    expect(updater.installed[0]!.sha512).toBe(sha512(feed.payload));
  });

  it('never restarts during a live call: the restart asked for waits until the call ends', async () => {
    const { updater, controller } = await setUp();
    await controller.checkNow();
    callLive = true;
    expect(controller.restartToUpdate()).toBe('afterCall');
    expect(controller.status).toEqual({ state: 'ready', version: '1.2.0', waitingForCall: true });
    expect(updateMenuItem(controller.status)).toEqual({ label: 'Ringside 1.2.0 installs when this call ends', enabled: false });
    controller.callsChanged();
    expect(updater.installed).toEqual([]);
    callLive = false;
    controller.callsChanged();
    expect(updater.installed).toHaveLength(1);
  });

  it('without a click, a ready update is never installed, however long Ringside runs', async () => {
    const { updater, controller } = await setUp();
    controller.start();
    await runUntilSettled(controller, 60_000);
    await clock.advance(48 * 3_600_000);
    expect(updater.installed).toEqual([]);
    expect(controller.status.state).toBe('ready');
  });

  it('refuses a tampered download, says so once, and installs nothing', async () => {
    feed.tampered = true;
    const { updater, controller, statuses } = await setUp();
    const status = await controller.checkNow();
    expect(status).toMatchObject({ state: 'failed', kind: 'tampered' });
    expect(updateNotification(statuses.at(-2)!, status)?.title).toBe('Ringside refused an update');
    expect(updateMenuItem(status)).toBeNull();
    expect(controller.restartToUpdate()).toBe('nothingToInstall');
    expect(updater.installed).toEqual([]);
  });

  it('retries an hour after a failure and recovers once the feed serves the right file', async () => {
    feed.tampered = true;
    const { controller } = await setUp();
    await controller.checkNow();
    feed.tampered = false;
    const downloadsBefore = feed.requests.filter((r) => r === feed.fileName).length;
    await clock.advance(3_599_000);
    expect(feed.requests.filter((r) => r === feed.fileName)).toHaveLength(downloadsBefore);
    const status = await runUntilSettled(controller, 1_000);
    expect(status).toEqual({ state: 'ready', version: '1.2.0', waitingForCall: false });
  });

  it('failures in a row wait twice as long each time (1 h, 2 h, 4 h), so a bad download is not fetched every hour', async () => {
    feed.tampered = true;
    const { controller } = await setUp();
    const downloads = () => feed.requests.filter((r) => r === feed.fileName).length;
    expect(await controller.checkNow()).toMatchObject({ state: 'failed', retryAt: clock.now() + 3_600_000 });
    expect(await runUntilSettled(controller, 3_600_000)).toMatchObject({ state: 'failed', retryAt: clock.now() + 7_200_000 });
    const before = downloads();
    await clock.advance(7_199_000);
    expect(downloads()).toBe(before);
    expect(await runUntilSettled(controller, 1_000)).toMatchObject({ state: 'failed', retryAt: clock.now() + 4 * 3_600_000 });
  });

  it('a feed that is down is "unreachable": no notification, another try an hour later', async () => {
    const { controller, statuses } = await setUp();
    await feed.stop();
    const status = await controller.checkNow();
    expect(status).toMatchObject({ state: 'failed', kind: 'unreachable', retryAt: clock.now() + 3_600_000 });
    expect(updateNotification(statuses.at(-2)!, status)).toBeNull();
  });

  it('a feed answering 500 is "unreachable" too', async () => {
    feed.failWith = 500;
    const { controller } = await setUp();
    expect(await controller.checkNow()).toMatchObject({ state: 'failed', kind: 'unreachable' });
  });

  it('the newest version on the feed is this one: up to date, the next look in 4 hours', async () => {
    feed.version = '1.1.0';
    const { controller } = await setUp();
    expect(await controller.checkNow()).toEqual({ state: 'upToDate', checkedAt: clock.now() });
    const checks = () => feed.requests.filter((r) => r === 'latest-linux.yml').length;
    const before = checks();
    await clock.advance(4 * 3_600_000 - 1_000);
    expect(checks()).toBe(before);
    await runUntilSettled(controller, 1_000);
    expect(checks()).toBe(before + 1);
  });
});

describe('failureKindOf', () => {
  it('maps electron-updater and Node errors to what the user is told', () => {
    expect(failureKindOf(Object.assign(new Error('sha512 checksum mismatch'), { code: 'ERR_CHECKSUM_MISMATCH' }))).toBe('tampered');
    expect(failureKindOf(Object.assign(new Error('New version 1.2.0 is not signed by the application owner'), { code: 'ERR_UPDATER_INVALID_SIGNATURE' }))).toBe(
      'tampered',
    );
    expect(failureKindOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe('unreachable');
    expect(failureKindOf(Object.assign(new Error('404'), { statusCode: 404 }))).toBe('unreachable');
    expect(failureKindOf(new Error('disk full'))).toBe('other');
  });
});

describe('loading electron-updater in the packaged app', () => {
  it('finds autoUpdater on the default export, where an ES import of the CommonJS module sees its lazy getter', async () => {
    const module = await import('electron-updater');
    expect(Object.getOwnPropertyDescriptor(module.default, 'autoUpdater')?.get).toBeTypeOf('function');
  });
});
