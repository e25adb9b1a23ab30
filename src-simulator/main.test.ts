import { spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../test-support/simulator-harness';

const root = path.resolve(import.meta.dirname, '..');

function runSimulator(args: string[]) {
  const child = spawn('npm', ['run', '--silent', 'simulator', '--', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return {
    child,
    output: () => ({ stdout, stderr }),
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

describe('npm run simulator', () => {
  it('prints the one listening line and serves the API with seeded history', async () => {
    const run = runSimulator(['--port', '0', '--time-scale', '20', '--seed-history', '25']);
    try {
      await waitFor(() => run.output().stdout.includes('\n'), { timeoutMs: 20_000, what: 'the listening line' }).catch(() => undefined);
      const line = run.output().stdout.trim();
      expect(line).toMatch(/^Simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.replace('Simulator listening on ', '');
      const token = await fetch(`${url}/restapi/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('ringside-demo:ringside-demo-secret').toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'ringside-demo-jwt' }),
      });
      expect(token.status).toBe(200);
      const { access_token: accessToken, expires_in: expiresIn } = (await token.json()) as { access_token: string; expires_in: number };
      expect(expiresIn).toBe(180);
      const log = await fetch(`${url}/restapi/v1.0/account/~/call-log-sync?syncType=FSync&recordCount=1000`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(((await log.json()) as { records: unknown[] }).records.length).toBeGreaterThan(0);
    } finally {
      run.stop();
    }
  }, 30_000);

  it('explains a bad option in one line and exits with 2', async () => {
    const run = runSimulator(['--time-scale', 'fast']);
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(2);
    expect(run.output().stderr.trim()).toBe('simulator: --time-scale must be a positive number, got "fast"');
  }, 30_000);
});
