import { AsYouType, type CountryCode } from 'libphonenumber-js/min';
import type { OwnNumbersView } from '../../../src-shared/ipc-contract';
import type { RingsideClient } from '../lib/ringside-client';
import type { TrackedCall } from '../../../src-shared/calls';
import { toE164 } from '../../../src-shared/phone-numbers';
import { otherPartyName, otherPartyNumber } from '../../../src-shared/history-row';
import { chooseRingMeAt, ringMeAtProblem } from '../../../src-shared/outbound-rules';

export const CUSTOM = '__custom__';

/** The popover's call form: as-you-type formatting, validation, and the pickers. */
export class CallForm {
  input = $state('');
  country = $state<CountryCode>('US');
  ringMeAt = $state<string>('');
  customRingMeAt = $state('');
  callerId = $state<string>('');
  playPrompt = $state(false);
  numbers = $state<OwnNumbersView>({ ringMeAt: [], callerIds: [] });
  touched = $state(false);
  /** People from the call history whose name or number matches what is typed. */
  suggestions = $state<Array<{ name: string | null; number: string }>>([]);
  private suggestTimer: ReturnType<typeof setTimeout> | undefined;
  busy = $state(false);
  error = $state<string | null>(null);
  /** What is wrong with the typed "Ring me at" number, shown under that field. */
  ringMeAtProblem = $state<string | null>(null);

  constructor(private readonly client: RingsideClient) {}

  /** The number as typed, formatted for its country as the user goes. */
  get display(): string {
    // Only a number is formatted: words (a name to look up, a selection without a number) stay as typed.
    if (!/\d/.test(this.input) || /[^\d\s()+.-]/.test(this.input)) return this.input;
    return new AsYouType(this.country).input(this.input);
  }

  get check() {
    return toE164(this.input, this.country);
  }

  get problem(): string | null {
    if (this.error) return this.error;
    if (!this.touched || this.input.trim() === '') return null;
    return this.check.ok ? null : this.check.message;
  }

  setCustomRingMeAt(value: string): void {
    this.customRingMeAt = value;
    this.ringMeAtProblem = null;
  }

  setInput(value: string): void {
    this.input = value;
    this.error = null;
    clearTimeout(this.suggestTimer);
    const term = value.trim();
    if (term.length < 2) {
      this.suggestions = [];
      return;
    }
    this.suggestTimer = setTimeout(() => void this.suggest(term), 150);
  }

  /** Contacts come from the call history: the other party of matching calls, newest first. */
  private async suggest(term: string): Promise<void> {
    const answer = await this.client.ask('history.query', { search: term, limit: 30 });
    if (!answer.ok || this.input.trim() !== term) return;
    // Local to this function, not state: a plain Set on purpose.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    const seen = new Set<string>();
    const found: Array<{ name: string | null; number: string }> = [];
    for (const row of answer.value.rows) {
      const number = otherPartyNumber(row);
      const name = otherPartyName(row);
      if (!number || seen.has(number)) continue;
      seen.add(number);
      found.push({ name, number });
      if (found.length === 6) break;
    }
    this.suggestions = found;
  }

  /**
   * The pickers start at the last call's choice (`lastRingMeAt`, `lastCallerId`: '' is "account
   * default"), else the defaults from Settings, else the first phone allowed to ring first.
   */
  async loadNumbers(defaults: {
    ringMeAt: string | null;
    callerId: string | null;
    lastRingMeAt?: string | null;
    lastCallerId?: string | null;
    playPrompt: boolean;
    country: string;
  }): Promise<void> {
    this.country = (defaults.country as CountryCode) || 'US';
    this.playPrompt = defaults.playPrompt;
    const answer = await this.client.ask('numbers.list', {});
    if (!answer.ok) return;
    this.numbers = answer.value;
    const choice = chooseRingMeAt(answer.value.ringMeAt, defaults.lastRingMeAt ?? defaults.ringMeAt);
    // A remembered phone that is no longer allowed falls back to the first one that is.
    const ring = (choice.problem ? choice.firstAllowed : (choice.listed?.phoneNumber ?? choice.number)) ?? '';
    const known = answer.value.ringMeAt.some((n) => n.phoneNumber === ring);
    this.ringMeAt = known || !ring ? ring : CUSTOM;
    if (!known && ring) this.customRingMeAt = ring;
    const last = defaults.lastCallerId ?? null;
    this.callerId = last !== null ? last : (defaults.callerId ?? '');
  }

  /** Forwarding numbers that may not ring first, with why (shown under the picker). */
  get notAllowed(): Array<{ label: string; problem: string }> {
    return this.numbers.ringMeAt.flatMap((n) => {
      const problem = ringMeAtProblem(n);
      return problem ? [{ label: n.label, problem }] : [];
    });
  }

  async submit(): Promise<TrackedCall | null> {
    this.touched = true;
    // Enter on an empty field says so (the field's own complaint waits for typing otherwise).
    if (this.input.trim() === '' && !this.check.ok) this.error = this.check.message;
    if (!this.check.ok || this.busy) return null;
    const from = this.ringMeAt === CUSTOM ? this.customRingMeAt : this.ringMeAt;
    if (this.ringMeAt === CUSTOM) {
      const ring = toE164(from, this.country);
      if (!ring.ok) {
        this.ringMeAtProblem = ring.message;
        return null;
      }
    }
    this.busy = true;
    this.error = null;
    try {
      const answer = await this.client.ask('call.start', {
        to: this.check.e164,
        ...(from ? { from } : {}),
        ...(this.callerId ? { callerId: this.callerId } : {}),
        playPrompt: this.playPrompt,
      });
      if (!answer.ok) {
        this.error = answer.error.message;
        return null;
      }
      return answer.value;
    } finally {
      this.busy = false;
    }
  }
}
