import type { CountryCode } from 'libphonenumber-js';
import type { DialRequest } from '../../src-shared/dial-request';
import type { AppPorts } from './app-ports';
import { AppError } from './app-error';
import { dialRequestFromLink, dialRequestFromText } from './dial-request';
import { findDialNumber } from './dial-text';

/**
 * Dialling without a call by itself: the hotkey's text, tel: links and "call again" put a
 * number in the popover to confirm; a clicked notification shows its call there.
 */
export class Dialling {
  /** A number from the hotkey or a link, waiting in the popover for Enter or Esc. */
  pendingDial: DialRequest | null = null;
  /** A clicked notification's call, for a popover that opens after the click. */
  shownCallId: string | null = null;
  dialHotkeyProblem: string | null = null;

  constructor(private readonly ports: AppPorts) {}

  /** A tel:/callto:/rcmobile: link: the popover asks to confirm its number (never dials by itself); false when it holds none. */
  handleProtocolUrl(url: string): boolean {
    const request = dialRequestFromLink(url, this.ports.settings.get().defaultCountry as CountryCode);
    if (!request) return false;
    this.showDial(request);
    return request.kind === 'number';
  }

  /** "Call again" from History: the popover asks to confirm, never a call by itself. */
  askToCall(number: string): { asked: boolean } {
    const found = findDialNumber(number, this.ports.settings.get().defaultCountry as CountryCode);
    if (!found) throw new AppError('INVALID_REQUEST', `${number} is not a phone number Ringside can call.`);
    this.showDial({ kind: 'number', source: 'again', number: found.e164, extension: found.extension, text: number });
    return { asked: true };
  }

  /** The dial hotkey, with the selected text (or the clipboard) the shell read. */
  dialFromText(text: string): DialRequest {
    const request = dialRequestFromText(text, this.ports.settings.get().defaultCountry as CountryCode);
    this.showDial(request);
    return request;
  }

  private showDial(request: DialRequest): void {
    this.pendingDial = request;
    this.ports.windows.open('popover');
    this.ports.events.send('dial.request', request);
  }

  /** Esc in the confirmation (or a call placed another way): the number is no longer waiting. */
  dismissDial(): { dismissed: boolean } {
    const dismissed = this.pendingDial !== null;
    this.pendingDial = null;
    return { dismissed };
  }

  /** The shell says whether the dial hotkey could be registered (null = it was, or there is none). */
  reportDialHotkey(problem: string | null): void {
    if (problem === this.dialHotkeyProblem) return;
    this.dialHotkeyProblem = problem;
    this.ports.events.send('dialHotkey.status', { problem });
  }

  /** A notification was clicked: the popover shows that call. */
  notificationClicked(callId: string): void {
    this.shownCallId = callId;
    this.ports.windows.open('popover');
    this.ports.events.send('popover.showCall', { callId });
  }
}
