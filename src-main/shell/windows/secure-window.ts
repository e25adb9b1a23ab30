import { BrowserWindow, shell, type BrowserWindowConstructorOptions, type WebContents } from 'electron';
import { assertExternalUrl } from '../../app/external-url';
import { isOwnPage, type RendererSource } from './own-page';

export { isOwnPage, type RendererSource } from './own-page';

/** Denies navigation away from our pages, pop-ups and every permission request. */
export function lockDownWebContents(contents: WebContents, source: RendererSource): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, source)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnPage(url, source)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web open in the user's browser, never inside the app; others are dropped.
    if (url.startsWith('https://')) {
      // security-reviewed: only https URLs, and only after the user clicked a link in our page.
      void shell.openExternal(assertExternalUrl(url)).catch(() => undefined);
    }
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

export interface SecureWindowOptions {
  preloadPath: string;
  source: RendererSource;
  window?: Omit<BrowserWindowConstructorOptions, 'webPreferences'>;
}

/**
 * Every Ringside window. The web preferences are written out here, in one literal, so the
 * security scan (security/) can verify them: the renderer is untrusted by design and reaches
 * main only through the preload's typed bridge.
 */
export function createSecureWindow(options: SecureWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    show: false,
    ...options.window,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDownWebContents(window.webContents, options.source);
  return window;
}
