import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clipboard, globalShortcut, resetElectronMock } from '../../../test-support/electron-mock';
import { DialHotkey, readSelectedText } from './dial-hotkey';

describe('readSelectedText', () => {
  beforeEach(resetElectronMock);

  it('Linux: the PRIMARY selection, else the clipboard', async () => {
    clipboard.text = { clipboard: 'copied', selection: 'selected' };
    expect(await readSelectedText('linux')).toBe('selected');
    clipboard.text = { clipboard: 'copied', selection: '  ' };
    expect(await readSelectedText('linux')).toBe('copied');
  });

  it('Windows and macOS: the clipboard (no other app’s selection can be read)', async () => {
    clipboard.text = { clipboard: 'copied', selection: 'selected' };
    expect(await readSelectedText('win32')).toBe('copied');
    expect(await readSelectedText('darwin')).toBe('copied');
    expect(clipboard.selection!.readText).not.toHaveBeenCalled();
  });
});

describe('DialHotkey', () => {
  beforeEach(resetElectronMock);

  it('hands the text to the app when pressed, and rebinds without leaking the old accelerator', async () => {
    const onText = vi.fn();
    const hotkey = new DialHotkey(onText, async () => 'call 212 555 0100');
    expect(hotkey.bind('Alt+F9', null)).toBeNull();
    await globalShortcut.registered.get('Alt+F9')!();
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('call 212 555 0100'));
    expect(hotkey.bind('Alt+F10', null)).toBeNull();
    expect([...globalShortcut.registered.keys()]).toEqual(['Alt+F10']);
    expect(hotkey.bind(null, null)).toBeNull();
    expect(globalShortcut.registered.size).toBe(0);
  });

  it('says why it could not be registered', () => {
    const hotkey = new DialHotkey(vi.fn());
    expect(hotkey.bind('Taken+Key', null)).toMatch(/Taken\+Key is not available/);
    expect(hotkey.accelerator).toBeNull();
    expect(hotkey.bind('Alt+Q', 'Alt+Q')).toMatch(/already the quick-dial shortcut/);
  });
});
