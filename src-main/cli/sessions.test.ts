/**
 * REALITY 2 and audit finding 4: RingCentral keeps at most 5 sessions per user and app. The
 * CLI revokes the session of each command, so any number of commands never push the desktop
 * app's own session out, and the two never share a refresh token.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src-simulator';
import { MemorySecretStore, silentLogger } from '../core/ports';
import { RingsideCore } from '../core/ringside-core';
import { runCli } from './main';

let sim: Simulator | undefined;
let appCore: RingsideCore | undefined;
afterEach(async () => {
  await appCore?.stop();
  appCore = undefined;
  await sim?.close();
  sim = undefined;
});

describe('CLI sessions beside the app', () => {
  it('6 commands in a row (one failing) leave the signed-in app its session: each command revokes its own', async () => {
    // Each command signs in and revokes: 12 requests of the Auth group (5 a minute), so some wait for it.
    sim = await Simulator.start({ timeScale: 50, seedHistory: 50 });
    const jwt = Object.keys(sim.app.jwts)[0]!;
    const config = { server: sim.url, clientId: sim.app.clientId, clientSecret: sim.app.clientSecret };
    appCore = await RingsideCore.start({
      server: config,
      secrets: new MemorySecretStore(),
      dataDir: mkdtempSync(path.join(tmpdir(), 'ringside-app-')),
      logger: silentLogger,
      push: false,
      autoSync: false,
    });
    await appCore.session.signInWithJwt(jwt);
    const user = sim.account.extensions[0]!.id;
    expect(sim.tokens.liveSessions(sim.app.clientId, user)).toBe(1);

    const env = {
      RC_SERVER_URL: sim.url,
      RC_CLIENT_ID: sim.app.clientId,
      RC_CLIENT_SECRET: sim.app.clientSecret,
      RC_JWT: jwt,
      RINGSIDE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ringside-cli-')),
    };
    const commands = [['login'], ['sync'], ['history', '--json', '--limit', '3'], ['status', 'no-such-call'], ['history'], ['login']];
    const codes: number[] = [];
    const errors: string[] = [];
    for (const argv of commands) {
      codes.push(await runCli(argv, { stdout: () => undefined, stderr: (line) => errors.push(line), readStdin: async () => '', env }));
      // Nothing a command created is left alive: only the app's session counts.
      expect(sim.tokens.liveSessions(sim.app.clientId, user), argv.join(' ')).toBe(1);
    }
    expect(codes, errors.join('\n')).toEqual([0, 0, 0, 1, 0, 0]);
    const revokes = sim.requestLog.filter((r) => r.operationId === 'revokeToken' && r.status === 200).length;
    expect(revokes).toBe(6);

    // The app's session still works, refresh included (its refresh token was never used by the CLI).
    expect(appCore.session.state.status).toBe('signedIn');
    expect((await appCore.session.account()).name).toBe('Alex Demo');
    sim.expireAccessTokens();
    expect((await appCore.session.account()).name).toBe('Alex Demo');
    expect(appCore.session.state.status).toBe('signedIn');
  }, 60_000);
});
