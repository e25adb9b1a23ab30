/**
 * Behaviour probes for the security gate: the real functions that decide what reaches
 * openExternal, which server URLs are accepted, which pages are ours and what local servers
 * accept are called with the audit's attack inputs (issue 18, findings 3, 7 and 8). Each
 * probe takes its implementation as a parameter so the gate's own tests prove it fires.
 */
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import type { Finding } from './electron-security-scan';

export interface ProbedImplementations {
  assertExternalUrl: (url: string) => string;
  isAllowedServerUrl: (url: string) => boolean;
  isOwnPage: (url: string, source: { devServerUrl: string | null; appPage: string }) => boolean;
  rendererUrlFromEnv: (env: Record<string, string | undefined>, packaged: boolean) => string | null;
  localRequestProblem: (request: IncomingMessage, allowedHosts: readonly string[], allowedContentTypes?: readonly string[]) => string | null;
  listenForRedirect: () => Promise<{ redirectUri: string; expectState(state: string): void; close(): void }>;
}

const HOSTILE_URLS = [
  'file:///C:/Windows/System32/calc.exe',
  'file://attacker/share/payload.exe',
  'smb://attacker/share',
  'javascript:alert(1)',
  'ms-msdt:/id PCWDiagnostic',
  'http://attacker.example/',
];
const APP_PAGE = 'file:///opt/Ringside/resources/app.asar/out/renderer/index.html';

function finding(id: string, file: string, message: string): Finding {
  return { id, severity: 'HIGH', file, line: 0, message };
}

function refuses(check: () => unknown): boolean {
  try {
    return check() === false;
  } catch {
    return true;
  }
}

function status(url: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const req = request({ hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

export async function probeFindings(impl: ProbedImplementations): Promise<Finding[]> {
  const findings: Finding[] = [];
  // Finding 3: schemes reaching openExternal; server URLs.
  for (const url of HOSTILE_URLS) {
    if (!refuses(() => impl.assertExternalUrl(url)))
      findings.push(finding('PROBE_OPEN_EXTERNAL_SCHEME', 'src-main/app/external-url.ts', `assertExternalUrl let ${url} through`));
    if (impl.isAllowedServerUrl(url)) findings.push(finding('PROBE_SERVER_URL', 'src-shared/settings.ts', `a server URL of ${url} is accepted`));
  }
  if (!impl.isAllowedServerUrl('https://platform.ringcentral.com'))
    findings.push(finding('PROBE_SERVER_URL', 'src-shared/settings.ts', 'https://platform.ringcentral.com is refused'));
  // Finding 8: the page check and the dev server URL.
  const packaged = { devServerUrl: null, appPage: APP_PAGE };
  for (const url of [
    'file://attacker/share/index.html',
    'file:///tmp/download.html',
    'file://attacker/opt/Ringside/resources/app.asar/out/renderer/index.html',
  ]) {
    if (impl.isOwnPage(url, packaged))
      findings.push(finding('PROBE_FILE_PAGE_TRUSTED', 'src-main/shell/windows/own-page.ts', `${url} is treated as Ringside's own page`));
  }
  if (!impl.isOwnPage(`${APP_PAGE}#/popover`, packaged))
    findings.push(finding('PROBE_FILE_PAGE_TRUSTED', 'src-main/shell/windows/own-page.ts', 'the app page itself is refused'));
  if (impl.rendererUrlFromEnv({ ELECTRON_RENDERER_URL: 'http://attacker.example/' }, true) !== null) {
    findings.push(finding('PROBE_RENDERER_URL_PACKAGED', 'src-main/shell/windows/own-page.ts', 'a packaged app honours ELECTRON_RENDERER_URL'));
  }
  // Finding 7: Host and content type on local servers: the guard, and the sign-in callback live.
  const fake = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  if (impl.localRequestProblem(fake({ host: 'attacker.example' }), ['127.0.0.1:4000']) === null)
    findings.push(finding('PROBE_LOCAL_HOST', 'src-main/app/local-request-guard.ts', 'a foreign Host header is accepted'));
  if (
    impl.localRequestProblem(
      fake({ host: '127.0.0.1:4000', 'content-type': 'text/plain', 'content-length': '9' }),
      ['127.0.0.1:4000'],
      ['application/json'],
    ) === null
  ) {
    findings.push(finding('PROBE_LOCAL_CONTENT_TYPE', 'src-main/app/local-request-guard.ts', 'a text/plain body is accepted'));
  }
  const redirect = await impl.listenForRedirect();
  redirect.expectState?.('probe-state');
  try {
    const url = `${redirect.redirectUri}?state=probe-state&code=probe`;
    if ((await status(url, { host: 'attacker.example' })) === 200)
      findings.push(finding('PROBE_CALLBACK_HOST', 'src-main/app/loopback-redirect.ts', 'the sign-in callback answers a foreign Host'));
    if ((await status(url, { host: new URL(url).host, 'content-type': 'text/plain' }, 'POST', '{}')) === 200)
      findings.push(finding('PROBE_CALLBACK_CONTENT_TYPE', 'src-main/app/loopback-redirect.ts', 'the sign-in callback takes a text/plain POST'));
  } finally {
    redirect.close();
  }
  return findings;
}
