// `npm start`: makes sure the Electron binary is there (Electron's own installer, which
// honours ELECTRON_MIRROR, ELECTRON_OVERRIDE_DIST_PATH and proxies through @electron/get),
// then runs the app with `electron-vite preview`. When the binary cannot be had (offline,
// blocked proxy, unsupported platform), or with `npm start -- --browser`, it starts Ringside
// in the browser instead (src-main/browser). Runs on the project's Node (the `node` dev
// dependency), like the other scripts.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterInstall, downloadFailureMessage, electronBinaryPresent, firstStep, needsBuild, newestMtime } from './start-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);
const env = process.env;
const node = process.execPath;
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const { version: electronVersion } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
// A real download takes a minute or two; an unreachable server fails at once; a network that
// swallows packets would hang for minutes without this bound.
const timeoutSeconds = Number(env.RINGSIDE_ELECTRON_DOWNLOAD_TIMEOUT ?? '180');

const present = () => electronBinaryPresent({ electronDir, env, platform: process.platform });

let current = null;
/** Runs a child with the terminal attached; resolves its exit code. */
function run(command, commandArgs, { timeoutMs } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env, stdio: 'inherit' });
    current = child;
    let timedOut = false;
    const timer = timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, timeoutMs)
      : null;
    child.on('error', (error) => {
      console.error(error.message);
      if (timer) clearTimeout(timer);
      resolve({ exitCode: 1, timedOut });
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 1 : 0), timedOut });
    });
  });
}

function buildIfStale() {
  const built = path.join(root, 'out', 'renderer', 'index.html');
  let builtMtime;
  try {
    builtMtime = statSync(built).mtimeMs;
  } catch {
    builtMtime = null;
  }
  const sourcesMtime = newestMtime(['src-renderer', 'src-shared', 'electron.vite.config.ts', 'svelte.config.js'].map((p) => path.join(root, p)));
  if (!needsBuild({ builtMtime, sourcesMtime })) return;
  console.log('Building the app (once, and again after its sources change)…');
  const result = spawnSync(node, [electronVite, 'build'], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The build failed (see above).');
    process.exit(result.status ?? 1);
  }
}

async function startBrowser() {
  buildIfStale();
  const forwarded = args.filter((a) => a !== '--browser');
  const { exitCode } = await run(node, [tsx, path.join(root, 'src-main', 'browser', 'main.ts'), ...forwarded]);
  process.exit(exitCode);
}

async function startElectron() {
  const { exitCode } = await run(node, [electronVite, 'preview', ...args]);
  process.exit(exitCode);
}

// Ctrl+C reaches the child from the terminal too; a signal sent to this process alone is
// passed on. Either way this process waits for the child to finish and exits with it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => current?.kill(signal));

const step = firstStep({ args, binaryPresent: present() });
if (step === 'browser') await startBrowser();
else if (step === 'electron') await startElectron();
else {
  console.log(`Getting Electron ${electronVersion}, the app's window system (about 100 MB, once), with Electron's installer…`);
  const result = await run(node, [path.join(electronDir, 'install.js')], { timeoutMs: timeoutSeconds * 1000 });
  if (afterInstall({ ...result, binaryPresent: present() }) === 'electron') await startElectron();
  else {
    console.log(`\n${downloadFailureMessage({ version: electronVersion, timedOut: result.timedOut, timeoutSeconds })}\n`);
    await startBrowser();
  }
}
