import { dialog } from 'electron';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { SaveTarget } from '../app/app-ports';

/** Exports go where the user says, streamed to disk chunk by chunk. */
export const saveDialogTarget: SaveTarget = {
  async save(defaultName, chunks) {
    const extension = defaultName.split('.').pop() ?? 'csv';
    const answer = await dialog.showSaveDialog({ defaultPath: defaultName, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
    if (answer.canceled || !answer.filePath) return { saved: false, path: null };
    const out = createWriteStream(answer.filePath, { encoding: 'utf8' });
    for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    return { saved: true, path: answer.filePath };
  },
};
