import type { CountryCode } from 'libphonenumber-js/min';
import type { TrackedCall } from '../../../src-shared/calls';
import { isActive, isInProgress } from '../../../src-shared/call-phases';
import { findDialNumber } from '../../../src-shared/dial-text';
import { countdown, format, messages } from '../lib/messages';
import { integrationMessages } from '../lib/integration-messages';
import type { AppState } from './app-state.svelte';
import { CallForm, CUSTOM } from './call-form.svelte';

/**
 * The confirmation ignores keys for its first moments: an Enter meant for the page a link
 * was clicked on (or held since before) must not place the call (issue 26, item 3).
 */
export const CONFIRM_GUARD_MS = 600;
/** A call still going, or one that ended in the last few minutes, is what the person wants to see. */
export const RECENT_MS = 5 * 60_000;

export type AskSource = 'again' | 'recent' | 'paste' | 'address';

/**
 * The popover's state and rules: which call it shows, the call form, the confirmation of a
 * number from a link or the hotkey (and its key guard), the end-call shortcut and what the
 * live region says. Popover.svelte is its markup; focus stays there (it needs the elements).
 */
export class PopoverState {
  readonly form: CallForm;
  showForm = $state(true);
  cancelling = $state(false);
  /** What the live region last said (a leg change, once, for screen readers). */
  announcement = $state('');
  /** The confirmation takes keys only once it has been on screen a moment. */
  armed = $state(false);
  /** Hanging up a conversation cannot be taken back: the keyboard shortcut asks first. */
  askHangUp = $state(false);
  /** A note or disposition typed on the outcome card and not saved yet: Esc must not close it away. */
  unsavedNote = $state(false);
  /** The call a clicked notification (or a placed call) asked for, else the current one. */
  shownCallId = $state<string | null>(null);
  /** The call whose wrap-up the popover last turned to (each one once). */
  private wrapUpShown: string | null = null;
  /** Whether the first view (form or call) was chosen once the snapshot arrived. */
  private decided = false;
  // What the live region last said per leg; bookkeeping, not shown.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly lastAnnounced = new Map<string, string>();

  constructor(
    private readonly app: AppState,
    private readonly now: () => number = Date.now,
  ) {
    this.form = new CallForm(app.client);
  }

  /** The call on screen, or null while the form is. */
  get call(): TrackedCall | null {
    if (this.showForm) return null;
    return this.app.calls.find((c) => c.id === this.shownCallId) ?? this.app.currentCall;
  }

  /** A number from the hotkey or a link that waits for Enter: the popover never dials it by itself. */
  get confirming() {
    const dial = this.app.dial;
    return dial?.kind === 'number' && this.app.signedIn ? dial : null;
  }

  /** Where the number being confirmed came from, in words. */
  get confirmSource(): string {
    const shown = this.confirming;
    if (!shown) return '';
    const p = messages.popover;
    return {
      link: p.confirmFromLink,
      hotkey: p.confirmFromHotkey,
      again: p.confirmFromAgain,
      recent: p.confirmFromRecent,
      paste: p.confirmFromPaste,
      address: p.confirmFromAddress,
    }[shown.source];
  }

  /** What the confirmation says about the pickers: which phone rings first, what they see. */
  get route(): string {
    const form = this.form;
    const ring = form.ringMeAt === CUSTOM ? form.customRingMeAt : form.ringMeAt;
    const ringOption = form.numbers.ringMeAt.find((n) => n.phoneNumber === ring);
    const shown = form.numbers.callerIds.find((n) => n.phoneNumber === form.callerId);
    return messages.popover.confirmRoute(
      ringOption ? `${ringOption.label} (${format.phone(ring)})` : format.phone(ring),
      shown ? `${shown.label} (${format.phone(shown.phoneNumber)})` : messages.popover.callerIdDefault.toLowerCase(),
    );
  }

  get recentNumbers(): string[] {
    return this.app.settings?.recentNumbers.slice(0, 5) ?? [];
  }

  /**
   * The quick numbers reload when the history settles a call. An ended call is over at once
   * (`isOver`) but reaches the history only when settled.
   */
  get settledCalls(): number {
    return this.app.settledCalls;
  }

  worthShowing(current: TrackedCall | null): boolean {
    if (!current) return false;
    if (isActive(current)) return true;
    return current.endedAt !== null && this.now() - current.endedAt < RECENT_MS;
  }

  /** Once the snapshot has arrived, open on the current call if there is one worth showing. */
  openOnceLoaded(): void {
    if (!this.app.loaded || this.decided) return;
    this.decided = true;
    if (this.worthShowing(this.app.currentCall) && !this.app.dial) this.showForm = false;
  }

  /** The pickers follow the settings (and the last call's choice). */
  loadNumbers(): void {
    const s = this.app.settings;
    if (!this.app.signedIn || !s) return;
    void this.form.loadNumbers({
      ringMeAt: s.ringMeAt,
      callerId: s.callerId,
      lastRingMeAt: s.lastRingMeAt,
      lastCallerId: s.lastCallerId,
      playPrompt: s.playPrompt,
      country: s.defaultCountry,
    });
  }

  /** A tel: link or "call again" fills the number in. */
  prefill(number: string): void {
    this.form.setInput(number);
    this.showForm = true;
  }

  /** The dial hotkey or a link: the number (or the text without one) fills the form. */
  fillFromDial(dial: NonNullable<AppState['dial']>): void {
    this.form.setInput(dial.kind === 'number' ? dial.number : dial.text);
    // The message says what is wrong; the field's own complaint waits until it is edited.
    this.form.touched = false;
    this.showForm = true;
  }

  /** Arms the confirmation a moment after it appeared; returns the cleanup (for an $effect). */
  armConfirmation(): (() => void) | undefined {
    const shown = this.confirming;
    if (!shown) return undefined;
    this.armed = false;
    const timer = setTimeout(() => (this.armed = true), Math.max(0, CONFIRM_GUARD_MS - (this.now() - shown.at)));
    return () => clearTimeout(timer);
  }

  /** A key (or a submit) the confirmation must not act on: too soon after it appeared, or held since before. */
  tooSoon(event?: Pick<KeyboardEvent, 'repeat'>): boolean {
    const shown = this.confirming;
    return !this.armed || Boolean(event?.repeat) || (shown !== null && this.now() - shown.at < CONFIRM_GUARD_MS);
  }

  /** A number from somewhere other than the keyboard: asked the same way as a link. */
  askToCall(number: string, source: AskSource, text = number): void {
    this.shownCallId = null;
    this.showForm = true;
    this.app.askToDial({ kind: 'number', source, number, extension: null, text });
  }

  /** Text from a paste or the address: the hotkey's own reading of it. */
  askFromText(text: string, source: 'paste' | 'address'): void {
    const found = findDialNumber(text, (this.app.settings?.defaultCountry as CountryCode) || 'US');
    if (found) {
      this.showForm = true;
      this.shownCallId = null;
      this.app.askToDial({ kind: 'number', source, number: found.e164, extension: found.extension, text: found.matched });
    } else {
      this.app.askToDial({ kind: 'noNumber', source, text: text.slice(0, 60), message: messages.popover.noNumberIn(text.slice(0, 60)) });
    }
  }

  /** A number pasted outside a text field (a browser has no dial hotkey): true when it is taken to confirm. */
  paste(text: string): boolean {
    if (!this.app.signedIn || !this.showForm || text.trim() === '') return false;
    this.askFromText(text, 'paste');
    return true;
  }

  /** A clicked notification: show that call. */
  showRequestedCall(callId: string): void {
    this.shownCallId = callId;
    this.decided = true;
    if (this.app.calls.some((c) => c.id === callId)) this.showForm = false;
  }

  /** The live region says each leg change once. */
  announceLegs(): void {
    const current = this.app.currentCall;
    if (!current || this.showForm) return;
    for (const leg of ['caller', 'callee'] as const) {
      const key = `${current.id}:${leg}`;
      const state = current[leg].state;
      if (this.lastAnnounced.get(key) === state) continue;
      this.lastAnnounced.set(key, state);
      this.announcement = `${leg === 'caller' ? messages.you : messages.them}: ${messages.legState[state]}`;
    }
  }

  /** A wrap-up that starts turns the popover to its call (not away from a number waiting to be confirmed). */
  followWrapUp(): void {
    const current = this.app.wrapUp.current;
    if (!current || current.callId === this.wrapUpShown || this.confirming) return;
    this.wrapUpShown = current.callId;
    this.showRequestedCall(current.callId);
  }

  /** The wrap-up runs for the call on screen: the card shows the step in place of the note. */
  get wrapUpHere(): boolean {
    const current = this.app.wrapUp.current;
    return current !== null && this.call?.id === current.callId;
  }

  /** A wrap-up for a call this window does not have (it cannot go on a card): shown on its own. */
  get wrapUpAlone(): boolean {
    const current = this.app.wrapUp.current;
    return current !== null && !this.app.calls.some((c) => c.id === current.callId);
  }

  /** Require mode: the line that says why the form cannot call yet (null when it can). */
  get blockedLine(): string | null {
    const blocking = this.app.wrapUp.blocking;
    if (!blocking) return null;
    const call = this.app.calls.find((c) => c.id === blocking.callId);
    const left = countdown(this.app.wrapUp.remaining);
    return call ? integrationMessages.wrapUp.blocked(call.toName ?? format.phone(call.to), left) : integrationMessages.wrapUp.blockedLastCall(left);
  }

  backToWrapUp(): void {
    const current = this.app.wrapUp.current;
    if (current) this.showRequestedCall(current.callId);
  }

  /** Places the call in the form (or the confirmation); a submit in the guard's moments is never a choice. */
  async submit(): Promise<void> {
    // Require mode: no call until the wrap-up is done or its time is up (the form says so).
    if (this.app.wrapUp.blocking) return;
    if (this.confirming && this.tooSoon()) return;
    const placed = await this.form.submit();
    if (!placed) return;
    this.app.upsert(placed);
    this.app.clearDial();
    this.shownCallId = placed.id;
    this.showForm = false;
  }

  /** Cancels (or hangs up) the current call; a refusal is shown as the notice. */
  async cancel(): Promise<void> {
    const current = this.app.currentCall;
    if (!current || this.cancelling) return;
    this.askHangUp = false;
    this.cancelling = true;
    const answer = await this.app.client.ask('call.cancel', { id: current.id });
    this.cancelling = false;
    if (answer.ok) this.app.upsert(answer.value);
    else this.app.showNotice(answer.error.message);
  }

  /** The end-call shortcut: cancels at once, asks first when both sides are talking. False when there is nothing to end. */
  endShortcut(): boolean {
    const call = this.call;
    if (!call || !isInProgress(call)) return false;
    const talking = call.caller.state === 'connected' && call.callee.state === 'connected';
    if (talking && !this.askHangUp) this.askHangUp = true;
    else void this.cancel();
    return true;
  }

  newCall(): void {
    this.shownCallId = null;
    this.clearNumber();
    this.showForm = true;
  }

  /** Esc in the confirmation: the number is dropped here and in main. */
  cancelDial(): void {
    this.app.dismissDial();
    this.clearNumber();
  }

  private clearNumber(): void {
    this.form.setInput('');
    this.form.touched = false;
  }
}
