import { app } from 'electron';
import path from 'node:path';
import { createSecureWindow } from './windows/secure-window';

// electron-vite sets this in development; in a packaged app pages load from disk.
const devServerUrl = process.env['ELECTRON_RENDERER_URL'] ?? null;

async function openMainWindow(): Promise<void> {
  const window = createSecureWindow({
    preloadPath: path.join(import.meta.dirname, '../preload/index.cjs'),
    source: { devServerUrl },
    window: { width: 960, height: 640, title: 'Ringside' },
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) await window.loadURL(devServerUrl);
  else await window.loadFile(path.join(import.meta.dirname, '../renderer/index.html'));
}

app.enableSandbox();
void app.whenReady().then(openMainWindow);
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
