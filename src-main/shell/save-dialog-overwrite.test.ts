/** Issue 25, item 14: in the app an export never replaces a file without asking. */
import { describe, expect, it } from 'vitest';
import { saveDialogOptions } from './save-dialog';

describe('the export save dialog', () => {
  it('asks before replacing a file on every OS (Linux needs showOverwriteConfirmation), with the name and type offered', () => {
    const options = saveDialogOptions('ringside-history-2026-12-03.csv');
    expect(options.properties).toContain('showOverwriteConfirmation');
    expect(options.defaultPath).toBe('ringside-history-2026-12-03.csv');
    expect(options.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });
});
