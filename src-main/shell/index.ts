import { app } from 'electron';
import { consoleLogger, shellPaths, startShell } from './main-process';

// electron-vite sets this in development; a packaged app loads its pages from disk.
const devServerUrl = process.env['ELECTRON_RENDERER_URL'] ?? null;

startShell(shellPaths(app.getAppPath(), devServerUrl)).catch((error: unknown) => {
  consoleLogger.error('Ringside could not start', { error: (error as Error).message });
  app.exit(1);
});
