import { dialog } from 'electron';
import type { SaveTarget } from '../app/app-ports';
import { writeFileAtomically } from '../app/atomic-write';

export { writeFileAtomically };

/**
 * The save dialog never lets an export replace a file without asking: macOS and Windows ask by
 * themselves, Linux (GTK) only with `showOverwriteConfirmation`.
 */
export function saveDialogOptions(defaultName: string): Electron.SaveDialogOptions {
  const extension = defaultName.split('.').pop() ?? 'csv';
  return {
    defaultPath: defaultName,
    filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
}

/** Exports go where the user says, streamed to disk chunk by chunk. */
export const saveDialogTarget: SaveTarget = {
  async save(defaultName, chunks) {
    const answer = await dialog.showSaveDialog(saveDialogOptions(defaultName));
    if (answer.canceled || !answer.filePath) return { saved: false, path: null };
    await writeFileAtomically(answer.filePath, chunks);
    return { saved: true, path: answer.filePath };
  },
};
