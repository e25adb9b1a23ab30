import { clipboard } from 'electron';
import { bindQuickDial } from './os-integration';

/**
 * The text the dial hotkey reads: on Linux the PRIMARY selection (whatever is highlighted,
 * with no copy needed), falling back to the clipboard when nothing is selected; elsewhere the
 * clipboard, since Windows and macOS offer no way to read another app's selection.
 */
export async function readSelectedText(platform: NodeJS.Platform = process.platform): Promise<string> {
  // Electron 45: `clipboard.selection` is the PRIMARY selection on Linux, undefined elsewhere.
  const selection = platform === 'linux' ? (clipboard.selection as typeof clipboard.selection | undefined) : undefined;
  if (selection) {
    const primary = await selection.readText().catch(() => '');
    if (primary.trim() !== '') return primary;
  }
  return clipboard.readText().catch(() => '');
}

/**
 * The global "dial the selected number" shortcut. Pressing it reads the text and hands it to
 * the app layer, which only ever asks for a confirmation. `press` is also the test seam: the
 * real-Electron specs' hook calls it with a selection of their choosing.
 */
export class DialHotkey {
  private bound: string | null = null;

  constructor(
    private readonly onText: (text: string) => void,
    private readonly read: () => Promise<string> = () => readSelectedText(),
  ) {}

  /** (Re)binds it; returns why the OS refused, or null. */
  bind(accelerator: string | null, quickDial: string | null): string | null {
    if (accelerator && accelerator === quickDial) {
      if (this.bound && this.bound !== quickDial) bindQuickDial(null, this.bound, () => undefined);
      this.bound = null;
      return `The shortcut ${accelerator} is already the quick-dial shortcut. Choose another for dialling the selection.`;
    }
    const refusal = bindQuickDial(accelerator, this.bound, () => void this.press());
    this.bound = refusal ? null : accelerator;
    return refusal;
  }

  async press(selection?: string): Promise<void> {
    this.onText(selection ?? (await this.read()));
  }

  get accelerator(): string | null {
    return this.bound;
  }
}
