import { dialog } from 'electron';
import type { SaveTarget } from '../app/app-ports';
import { writeFileAtomically } from '../app/atomic-write';

export { writeFileAtomically };

/** Exports go where the user says, streamed to disk chunk by chunk. */
export const saveDialogTarget: SaveTarget = {
  async save(defaultName, chunks) {
    const extension = defaultName.split('.').pop() ?? 'csv';
    const answer = await dialog.showSaveDialog({ defaultPath: defaultName, filters: [{ name: extension.toUpperCase(), extensions: [extension] }] });
    if (answer.canceled || !answer.filePath) return { saved: false, path: null };
    await writeFileAtomically(answer.filePath, chunks);
    return { saved: true, path: answer.filePath };
  },
};
