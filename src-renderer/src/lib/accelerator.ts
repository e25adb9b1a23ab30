/**
 * Shortcuts recorded from key presses, as Electron accelerator strings
 * (https://www.electronjs.org/docs/latest/api/accelerator): what Settings saves and main
 * registers. Validation stays with the settings schema (isGlobalShortcut).
 */

/** The part of a KeyboardEvent a recorder reads. */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** What one press means to a recorder. */
export type Recorded =
  /** A key with its modifiers, as an accelerator (validated elsewhere: it may lack a modifier). */
  | { kind: 'shortcut'; accelerator: string }
  /** Only modifiers held so far: shown while the user is still pressing. */
  | { kind: 'partial'; accelerator: string }
  /** A key a recorder leaves alone (Tab moves focus) or that has no accelerator name. */
  | { kind: 'ignored' };

const MODIFIER_KEYS = new Set(['Control', 'Meta', 'Alt', 'AltGraph', 'Shift', 'OS', 'Super', 'Hyper']);

/** Keys named by their physical position, so Shift+2 records "Shift+2", not "Shift+@". */
const CODE_KEYS: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Escape: 'Esc',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
  PrintScreen: 'PrintScreen',
};

function keyName(press: KeyPress): string | null {
  const { code } = press;
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit[0-9]$/.test(code)) return code.slice(5);
  if (/^Numpad[0-9]$/.test(code)) return `num${code.slice(6)}`;
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  return CODE_KEYS[code] ?? null;
}

/**
 * The accelerator a key press records. Ctrl (Cmd on a Mac) becomes CommandOrControl, so the
 * same setting works on every system; Tab is never recorded, so the keyboard can always leave.
 */
export function recordKey(press: KeyPress, mac: boolean): Recorded {
  if (press.key === 'Tab' || press.code === 'Tab') return { kind: 'ignored' };
  const modifiers = [
    ...((mac ? press.metaKey : press.ctrlKey) ? ['CommandOrControl'] : []),
    ...(mac && press.ctrlKey ? ['Control'] : []),
    ...(!mac && press.metaKey ? ['Super'] : []),
    ...(press.altKey ? ['Alt'] : []),
    ...(press.shiftKey ? ['Shift'] : []),
  ];
  if (MODIFIER_KEYS.has(press.key)) return { kind: 'partial', accelerator: modifiers.join('+') };
  const key = keyName(press);
  if (!key) return { kind: 'ignored' };
  return { kind: 'shortcut', accelerator: [...modifiers, key].join('+') };
}

/** An accelerator as this computer's keyboard names it: "Ctrl+Shift+R", or "Cmd+Shift+R" on a Mac. */
export function describeAccelerator(accelerator: string, mac: boolean): string {
  const names: Record<string, string> = mac
    ? {
        commandorcontrol: 'Cmd',
        cmdorctrl: 'Cmd',
        command: 'Cmd',
        cmd: 'Cmd',
        control: 'Ctrl',
        ctrl: 'Ctrl',
        alt: 'Option',
        option: 'Option',
        super: 'Cmd',
        meta: 'Cmd',
      }
    : {
        commandorcontrol: 'Ctrl',
        cmdorctrl: 'Ctrl',
        control: 'Ctrl',
        ctrl: 'Ctrl',
        super: 'Super',
        meta: 'Super',
        command: 'Super',
        cmd: 'Super',
        option: 'Alt',
      };
  return accelerator
    .split('+')
    .map((part) => names[part.toLowerCase()] ?? part)
    .join('+');
}

/** Whether this renderer runs on a Mac (Cmd is the command key there). */
export function onMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform || navigator.userAgent);
}
