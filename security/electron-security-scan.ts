/**
 * Ringside's Electron security gate: an offline static scan of the sources, the renderer's
 * Content-Security-Policy and the packaging fuses. It covers the checks of
 * @doyensec/electronegativity that apply to this app, without that tool's network calls
 * (it fetches translations and Electron release lists at every run) and its outdated
 * TypeScript parser. Findings of severity HIGH or MEDIUM fail `npm test`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import ts from 'typescript';

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW';

export interface Finding {
  id: string;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

/** webPreferences values that turn off a protection. */
const DANGEROUS: Record<string, { value: boolean; message: string }> = {
  nodeIntegration: { value: true, message: 'nodeIntegration: true gives pages Node.js' },
  nodeIntegrationInWorker: { value: true, message: 'nodeIntegrationInWorker: true gives workers Node.js' },
  nodeIntegrationInSubFrames: { value: true, message: 'nodeIntegrationInSubFrames: true gives frames Node.js' },
  contextIsolation: { value: false, message: 'contextIsolation: false lets pages reach the preload world' },
  sandbox: { value: false, message: 'sandbox: false runs the renderer outside the OS sandbox' },
  webSecurity: { value: false, message: 'webSecurity: false disables the same-origin policy' },
  allowRunningInsecureContent: { value: true, message: 'allowRunningInsecureContent: true loads http content into https pages' },
  experimentalFeatures: { value: true, message: 'experimentalFeatures: true enables untested web platform features' },
  webviewTag: { value: true, message: 'webviewTag: true allows <webview>' },
  enableRemoteModule: { value: true, message: 'the remote module exposes main-process objects to pages' },
};

const REQUIRED_PREFERENCES: Record<string, boolean> = { contextIsolation: true, sandbox: true, nodeIntegration: false };

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function literalValue(node: ts.Expression): boolean | string | null {
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isStringLiteralLike(node)) return node.text;
  return null;
}

function propertyName(node: ts.ObjectLiteralElementLike): string | null {
  if (!ts.isPropertyAssignment(node) && !ts.isShorthandPropertyAssignment(node)) return null;
  const name = node.name;
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
}

function reviewed(text: string, source: ts.SourceFile, node: ts.Node): boolean {
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
  const lines = text.split('\n');
  return [lines[line], lines[line - 1]].some((l) => l?.includes('security-reviewed:'));
}

function isCallTo(node: ts.Expression | undefined, name: string): boolean {
  return !!node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name;
}

function enclosingFunction(node: ts.Node): ts.Node | null {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isFunctionDeclaration(at) || ts.isFunctionExpression(at) || ts.isArrowFunction(at) || ts.isMethodDeclaration(at)) return at;
  }
  return null;
}

/** Checks one TypeScript/JavaScript source file. */
export function scanSource(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const add = (id: string, severity: Severity, node: ts.Node, message: string) => findings.push({ id, severity, file, line: lineOf(source, node), message });

  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node);
      const danger = name ? DANGEROUS[name] : undefined;
      if (danger && literalValue(node.initializer) === danger.value) add('DANGEROUS_WEB_PREFERENCE', 'HIGH', node, danger.message);
      if (name === 'enableBlinkFeatures') add('BLINK_FEATURES', 'MEDIUM', node, 'enableBlinkFeatures turns on non-default Blink features');
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && (node.expression.text === 'BrowserWindow' || node.expression.text === 'BrowserView')) {
      const options = node.arguments?.[0];
      const webPreferences =
        options && ts.isObjectLiteralExpression(options) ? options.properties.find((p) => propertyName(p) === 'webPreferences') : undefined;
      if (!webPreferences || !ts.isPropertyAssignment(webPreferences) || !ts.isObjectLiteralExpression(webPreferences.initializer)) {
        add('WEB_PREFERENCES_NOT_VERIFIABLE', 'HIGH', node, `new ${node.expression.text}() must spell out webPreferences as an object literal`);
      } else {
        const literal = webPreferences.initializer;
        if (literal.properties.some((p) => ts.isSpreadAssignment(p)))
          add('WEB_PREFERENCES_SPREAD', 'MEDIUM', literal, 'webPreferences must not be spread from elsewhere');
        for (const [key, expected] of Object.entries(REQUIRED_PREFERENCES)) {
          const property = literal.properties.find((p) => propertyName(p) === key);
          const value = property && ts.isPropertyAssignment(property) ? literalValue(property.initializer) : null;
          if (value !== expected) add('WEB_PREFERENCE_MISSING', 'HIGH', literal, `webPreferences must set ${key}: ${expected}`);
        }
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (method === 'openExternal' && !reviewed(text, source, node)) {
        add('OPEN_EXTERNAL', 'MEDIUM', node, 'shell.openExternal needs a "security-reviewed:" comment saying why the URL is safe');
      }
      // Finding 3: whatever the comment says, the scheme is checked by the one gate.
      if (method === 'openExternal' && !isCallTo(node.arguments[0], 'assertExternalUrl')) {
        add('OPEN_EXTERNAL_UNCHECKED', 'HIGH', node, 'shell.openExternal must take assertExternalUrl(url): file:, smb: or javascript: URLs would reach the OS');
      }
      // Finding 7: every local server refuses foreign Host headers and unexpected bodies.
      if (method === 'createServer' && !/\blocalRequestProblem\(/.test(text)) {
        add('LOCAL_SERVER_UNGUARDED', 'HIGH', node, 'a local server must check each request with localRequestProblem() (Host and content type)');
      }
      if (method === 'exposeInMainWorld') {
        const api = node.arguments[1];
        if (api && ts.isIdentifier(api) && api.text === 'ipcRenderer') add('EXPOSED_IPC_RENDERER', 'HIGH', node, 'never expose ipcRenderer itself to a page');
      }
      if (method === 'loadURL') {
        const url = node.arguments[0];
        if (url && ts.isStringLiteralLike(url) && /^http:\/\/(?!localhost|127\.0\.0\.1)/.test(url.text))
          add('INSECURE_REMOTE_CONTENT', 'HIGH', node, 'loading remote content over http');
      }
      if (method === 'require' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text === '@electron/remote') {
        add('REMOTE_MODULE', 'HIGH', node, '@electron/remote exposes main-process objects to pages');
      }
    }
    // Finding 8: the dev server URL from the environment is honoured only when not packaged.
    if (
      (ts.isPropertyAccessExpression(node) && node.name.text === 'ELECTRON_RENDERER_URL') ||
      (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'ELECTRON_RENDERER_URL')
    ) {
      const fn = enclosingFunction(node);
      const guarded = fn && /\bif\s*\(\s*!?\s*packaged\b|\bif\s*\(\s*!?\s*app\.isPackaged\b/.test(fn.getText(source));
      if (!guarded)
        add(
          'RENDERER_URL_WHEN_PACKAGED',
          'HIGH',
          node,
          'ELECTRON_RENDERER_URL must be read only in a function that ignores it when packaged (rendererUrlFromEnv)',
        );
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const from = node.moduleSpecifier.text;
      const named = node.importClause?.namedBindings;
      const importsRemote = from === 'electron' && named && ts.isNamedImports(named) && named.elements.some((e) => e.name.text === 'remote');
      if (from === '@electron/remote' || importsRemote) add('REMOTE_MODULE', 'HIGH', node, 'the remote module exposes main-process objects to pages');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** Checks the Content-Security-Policy a renderer page declares. */
export function scanHtml(file: string, html: string): Finding[] {
  const meta = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(["'])([\s\S]*?)\1/i.exec(html);
  if (!meta) return [{ id: 'CSP_MISSING', severity: 'HIGH', file, line: 1, message: 'the page declares no Content-Security-Policy' }];
  const line = html.slice(0, meta.index).split('\n').length;
  const directives = new Map(
    meta[2]!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!.toLowerCase(), parts.slice(1)]),
  );
  const findings: Finding[] = [];
  const scripts = directives.get('script-src') ?? directives.get('default-src');
  if (!directives.has('default-src')) findings.push({ id: 'CSP_NO_DEFAULT', severity: 'MEDIUM', file, line, message: 'CSP has no default-src' });
  if (!scripts) findings.push({ id: 'CSP_NO_SCRIPT_SRC', severity: 'HIGH', file, line, message: 'CSP does not restrict scripts' });
  for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:']) {
    if (scripts?.includes(unsafe)) findings.push({ id: 'CSP_UNSAFE_SCRIPT', severity: 'HIGH', file, line, message: `CSP allows scripts from ${unsafe}` });
  }
  if (directives.get('object-src')?.join(' ') !== "'none'")
    findings.push({ id: 'CSP_OBJECT_SRC', severity: 'MEDIUM', file, line, message: "CSP should set object-src 'none'" });
  return findings;
}

const FUSES: Record<string, boolean> = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

export function scanPackaging(file: string, text: string): Finding[] {
  const config = (yaml.load(text) ?? {}) as { electronFuses?: Record<string, unknown> };
  return Object.entries(FUSES)
    .filter(([fuse, expected]) => config.electronFuses?.[fuse] !== expected)
    .map(([fuse, expected]) => ({ id: 'FUSE_NOT_SET', severity: 'HIGH' as const, file, line: 1, message: `electronFuses.${fuse} must be ${expected}` }));
}

/** Protections that must exist somewhere in the shell (not one file in particular). */
const REQUIRED_CALLS: Array<{ pattern: RegExp; id: string; message: string }> = [
  { pattern: /\bapp\.enableSandbox\(\)/, id: 'SANDBOX_NOT_ENFORCED', message: 'app.enableSandbox() is never called' },
  { pattern: /\.setPermissionRequestHandler\(/, id: 'PERMISSIONS_UNHANDLED', message: 'no permission request handler denies permissions' },
  { pattern: /['"]will-navigate['"]/, id: 'NAVIGATION_UNLIMITED', message: 'navigation is never limited (will-navigate)' },
  { pattern: /\.setWindowOpenHandler\(/, id: 'NEW_WINDOWS_UNLIMITED', message: 'window.open is never limited (setWindowOpenHandler)' },
];

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|js|mjs|cjs|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [full] : [];
  });
}

export function scanProject(root: string): Finding[] {
  const rel = (file: string) => path.relative(root, file);
  const findings: Finding[] = [];
  const files = ['src-main', 'src-preload', 'src-renderer/src'].flatMap((dir) => sourceFiles(path.join(root, dir)));
  let shellText = '';
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const code = file.endsWith('.svelte') ? (/<script[^>]*>([\s\S]*?)<\/script>/.exec(text)?.[1] ?? '') : text;
    findings.push(...scanSource(rel(file), code));
    if (file.includes(`${path.sep}shell${path.sep}`)) shellText += text;
  }
  for (const required of REQUIRED_CALLS) {
    if (!required.pattern.test(shellText)) findings.push({ id: required.id, severity: 'MEDIUM', file: 'src-main/shell', line: 0, message: required.message });
  }
  const html = path.join(root, 'src-renderer/index.html');
  findings.push(...scanHtml(rel(html), readFileSync(html, 'utf8')));
  const builder = path.join(root, 'electron-builder.yml');
  findings.push(
    ...(existsSync(builder)
      ? scanPackaging(rel(builder), readFileSync(builder, 'utf8'))
      : [{ id: 'NO_PACKAGING', severity: 'HIGH' as const, file: 'electron-builder.yml', line: 0, message: 'no packaging config with fuses' }]),
  );
  return findings;
}
