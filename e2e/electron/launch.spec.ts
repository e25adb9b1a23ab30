import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { findElectronBinary } from './electron-binary';

const binary = findElectronBinary();
if ('missing' in binary) {
  console.log(`[electron specs] skipped: ${binary.missing}.`);
}

test('the packaged main process opens a window with the Ringside heading', async () => {
  test.skip('missing' in binary, 'missing' in binary ? binary.missing : '');
  if (!('path' in binary)) return;
  const app = await electron.launch({ executablePath: binary.path, args: [path.resolve('out/main/index.js')] });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('heading', { level: 1 })).toHaveText('Ringside');
    await window.screenshot({ path: 'test-results/screenshots/electron-welcome.png' });
  } finally {
    await app.close();
  }
});
