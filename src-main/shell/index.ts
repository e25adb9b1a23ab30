import { app } from 'electron';
import { consoleLogger, shellPaths, startShell } from './main-process';
import { rendererUrlFromEnv } from './windows/own-page';

// electron-vite sets this in development; a packaged app loads its pages from disk, whatever the environment says.
const devServerUrl = rendererUrlFromEnv(process.env, app.isPackaged);

// Demo mode runs at real speed; tests may speed its simulator up.
const demoTimeScale = Number(process.env['RINGSIDE_DEMO_TIME_SCALE']) || undefined;
const demoHistory = Number(process.env['RINGSIDE_DEMO_HISTORY']) || undefined;

startShell(shellPaths(app.getAppPath(), devServerUrl), consoleLogger, process.env, { timeScale: demoTimeScale, seedHistory: demoHistory }).catch(
  (error: unknown) => {
    consoleLogger.error('Ringside could not start', { error: (error as Error).message });
    app.exit(1);
  },
);
