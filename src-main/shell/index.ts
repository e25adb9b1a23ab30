import { app } from 'electron';
import { consoleLogger, shellPaths, startShell } from './main-process';
import { rendererUrlFromEnv } from './windows/own-page';

// electron-vite sets this in development; a packaged app loads its pages from disk, whatever the environment says.
const devServerUrl = rendererUrlFromEnv(process.env, app.isPackaged);

// Demo mode runs at real speed; tests may speed its simulator up.
const demoTimeScale = Number(process.env['RINGSIDE_DEMO_TIME_SCALE']) || undefined;
const demoHistory = Number(process.env['RINGSIDE_DEMO_HISTORY']) || undefined;

// RINGSIDE_DEMO_TEAM=1: the demo on the simulator's 50-user team account (the team board, issue 29).
const demoTeam = process.env['RINGSIDE_DEMO_TEAM'] === '1';
startShell(shellPaths(app.getAppPath(), devServerUrl), consoleLogger, process.env, {
  timeScale: demoTimeScale,
  seedHistory: demoHistory,
  team: demoTeam,
}).catch((error: unknown) => {
  consoleLogger.error('Ringside could not start', { error: (error as Error).message });
  app.exit(1);
});
