/** The security gate fails when findings 3, 7 or 8 of issue 18 come back (each check shown to fire). */
import { describe, expect, it } from 'vitest';
import { isAllowedServerUrl } from '../src-shared/settings';
import { assertExternalUrl } from '../src-main/app/external-url';
import { localRequestProblem } from '../src-main/app/local-request-guard';
import { listenForRedirect } from '../src-main/app/loopback-redirect';
import { isOwnPage, rendererUrlFromEnv } from '../src-main/shell/windows/own-page';
import { scanSource } from './electron-security-scan';
import { probeFindings, type ProbedImplementations } from './regression-probes';

const ids = (findings: Array<{ id: string }>) => [...new Set(findings.map((f) => f.id))].sort();
const real: ProbedImplementations = {
  assertExternalUrl,
  isAllowedServerUrl,
  isOwnPage,
  rendererUrlFromEnv,
  localRequestProblem,
  listenForRedirect: () => listenForRedirect('http://127.0.0.1:0/callback', 5000),
};

/** The sign-in callback as it was before the audit: any Host, any method, no state. */
const unguardedRedirect: ProbedImplementations['listenForRedirect'] = async () => {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, expectState: () => undefined, close: () => server.close() };
};

describe('security gate: behaviour probes', () => {
  it('passes the real implementations', async () => {
    expect(await probeFindings(real)).toEqual([]);
  });

  it('fires when any scheme may reach openExternal or any server URL is accepted (finding 3)', async () => {
    const findings = await probeFindings({ ...real, assertExternalUrl: (url) => url, isAllowedServerUrl: (url) => URL.canParse(url) });
    expect(ids(findings)).toEqual(['PROBE_OPEN_EXTERNAL_SCHEME', 'PROBE_SERVER_URL']);
  });

  it('fires when a local server skips the Host or content-type check (finding 7)', async () => {
    const findings = await probeFindings({ ...real, localRequestProblem: () => null, listenForRedirect: unguardedRedirect });
    expect(ids(findings)).toEqual(['PROBE_CALLBACK_CONTENT_TYPE', 'PROBE_CALLBACK_HOST', 'PROBE_LOCAL_CONTENT_TYPE', 'PROBE_LOCAL_HOST']);
  });

  it('fires when any file:// page is trusted or the packaged app honours ELECTRON_RENDERER_URL (finding 8)', async () => {
    const findings = await probeFindings({
      ...real,
      isOwnPage: (url) => url.startsWith('file:'),
      rendererUrlFromEnv: (env) => env['ELECTRON_RENDERER_URL'] ?? null,
    });
    expect(ids(findings)).toEqual(['PROBE_FILE_PAGE_TRUSTED', 'PROBE_RENDERER_URL_PACKAGED']);
  });
});

describe('security gate: static checks', () => {
  it('openExternal must take assertExternalUrl(...) (finding 3)', () => {
    expect(ids(scanSource('a.ts', '// security-reviewed: https only\nshell.openExternal(url);'))).toEqual(['OPEN_EXTERNAL_UNCHECKED']);
    expect(scanSource('b.ts', '// security-reviewed: checked\nshell.openExternal(assertExternalUrl(url));')).toEqual([]);
  });

  it('a local server must run localRequestProblem (finding 7)', () => {
    expect(ids(scanSource('c.ts', 'const server = createServer((req, res) => res.end());'))).toEqual(['LOCAL_SERVER_UNGUARDED']);
    expect(scanSource('d.ts', "const server = createServer((req, res) => { if (localRequestProblem(req, ['127.0.0.1:1'])) return; res.end(); });")).toEqual([]);
  });

  it('ELECTRON_RENDERER_URL only where packaged builds ignore it (finding 8)', () => {
    expect(ids(scanSource('e.ts', "const devServerUrl = process.env['ELECTRON_RENDERER_URL'] ?? null;"))).toEqual(['RENDERER_URL_WHEN_PACKAGED']);
    expect(ids(scanSource('f.ts', 'const url = process.env.ELECTRON_RENDERER_URL;'))).toEqual(['RENDERER_URL_WHEN_PACKAGED']);
    expect(
      scanSource(
        'g.ts',
        "export function rendererUrlFromEnv(env, packaged) {\n  if (packaged) return null;\n  return env['ELECTRON_RENDERER_URL'] ?? null;\n}",
      ),
    ).toEqual([]);
  });
});
