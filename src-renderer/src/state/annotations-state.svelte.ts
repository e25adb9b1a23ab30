import type { Annotation, CallRef, QuickNumber } from '../../../src-shared/annotations';
import type { Answer, RingsideClient } from '../lib/ringside-client';
import type { TeamNoteView } from '../../../src-shared/team-notes';

/** The user's own words about calls: notes and dispositions, favourite stars, and the quick numbers. */
export class AnnotationsState {
  /** The disposition choices, as last loaded or saved. */
  dispositions = $state<string[]>([]);
  /** The popover's quick numbers: starred ones, then the most recent ones called. */
  favourites = $state<QuickNumber[]>([]);
  recents = $state<QuickNumber[]>([]);

  constructor(private readonly client: RingsideClient) {}

  async loadDispositions(): Promise<string[]> {
    const list = await this.client.value('dispositions.list', {});
    if (list) this.dispositions = list;
    return this.dispositions;
  }

  async saveDispositions(dispositions: string[]): Promise<Answer<string[]>> {
    const answer = await this.client.ask('dispositions.update', { dispositions });
    if (answer.ok) this.dispositions = answer.value;
    return answer;
  }

  /** A call's saved note and disposition, or null when they could not be read. */
  noteOf(ref: CallRef): Promise<Annotation | null> {
    return this.client.value('call.annotation', ref);
  }

  saveNote(ref: CallRef, annotation: Annotation): Promise<Answer<Annotation>> {
    return this.client.ask('call.annotate', { ref, annotation });
  }

  /** Team mode: the call's note as shared with the team (who wrote it, what is not shared yet), or null. */
  async teamNoteOf(ref: CallRef): Promise<TeamNoteView | null> {
    // Quietly: the note itself is shown from this desktop either way.
    const answer = await this.client.ask('call.teamNote', ref);
    return answer.ok ? answer.value : null;
  }

  /** Stars or unstars a number (from a call's detail: `id`, shared with the team in team mode); the quick numbers follow. True when it was saved. */
  async setFavourite(number: string, favourite: boolean, id?: string): Promise<boolean> {
    const answer = await this.client.ask('favourites.set', id === undefined ? { number, favourite } : { number, favourite, id });
    if (answer.ok) await this.loadQuickNumbers();
    return answer.ok;
  }

  async loadQuickNumbers(): Promise<void> {
    const quick = await this.client.value('numbers.quick', {});
    if (quick) ({ favourites: this.favourites, recents: this.recents } = quick);
  }
}
