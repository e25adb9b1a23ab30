import type { Annotation, CallRef, QuickNumber } from '../../../src-shared/annotations';
import { otherPartyNumber } from '../../../src-shared/history-row';
import { RingsideError } from '../errors';
import type { Clock } from '../ports';
import type { RingOutTracker } from '../ringout/tracker';
import type { Archive } from './archive';
import type { ResolvedName } from './contacts-cache';
import type { ContactsSync, ContactsSyncResult } from './contacts-sync';
import type { TeamField, TeamFieldValue, TeamShareSide } from './team-shares';

/** `core.annotations`: what the user adds to calls and numbers (notes, dispositions, favourites) and the names numbers go by. */
export class AnnotationsFacade {
  constructor(
    private readonly archive: Archive,
    private readonly tracker: RingOutTracker,
    private readonly contacts: ContactsSync,
    private readonly clock: Clock,
  ) {}

  /** A history row's id for a reference: a row id as is, a placed call by its record (or its own id until confirmed). */
  private rowIdOf(ref: CallRef): string {
    if (ref.id !== undefined) return ref.id;
    const call = this.tracker.get(ref.callId!);
    return call?.recordId ?? `ringside:${ref.callId}`;
  }

  get(ref: CallRef): Annotation {
    return this.archive.annotations.annotation(this.rowIdOf(ref));
  }

  annotate(ref: CallRef, annotation: Annotation): Annotation {
    return this.archive.annotations.annotate(this.knownRowId(ref), annotation, this.clock.now());
  }

  /** The history row a note on this call goes on (the wrap-up's too); NOT_FOUND for a call Ringside does not know. */
  knownRowId(ref: CallRef): string {
    this.requireKnownCall(ref);
    return this.rowIdOf(ref);
  }

  /** A note goes only on a call Ringside knows (in its history, or placed and still tracked): never on a made-up id. */
  private requireKnownCall(ref: CallRef): void {
    if (ref.callId !== undefined && this.tracker.get(ref.callId)) return;
    if (this.archive.detail(this.rowIdOf(ref))) return;
    throw new RingsideError('NOT_FOUND', 'That call is not in your history, so the note was not saved.');
  }

  dispositions(): string[] {
    return this.archive.annotations.dispositions();
  }

  setDispositions(list: readonly string[]): string[] {
    return this.archive.annotations.setDispositions(list);
  }

  /**
   * Marks a number a favourite (or not); says which it now is. Starred from a call's detail
   * (`rowId`), in team mode that call's favourite is shared with the team too.
   */
  setFavourite(number: string, favourite: boolean, rowId?: string): { favourite: boolean } {
    const now = this.clock.now();
    const result = this.archive.transaction(() => {
      const starred = this.archive.annotations.setFavourite(number, favourite, now);
      if (rowId !== undefined && this.archive.detail(rowId)) this.archive.teamShares.queue(rowId, 'favourite', starred, now);
      return starred;
    });
    return { favourite: result };
  }

  /** Team mode's side of this archive (core/team/team-note-sharing.ts). */
  get teamSide(): TeamShareSide {
    return {
      shares: this.archive.teamShares,
      localValue: (callId, field) => this.localValue(callId, field),
      applyFromTeam: (callId, field, value) => this.applyFromTeam(callId, field, value),
    };
  }

  private otherNumber(rowId: string): string | null {
    const row = this.archive.detail(rowId)?.row;
    return row ? otherPartyNumber(row) : null;
  }

  private localValue(rowId: string, field: TeamField): TeamFieldValue {
    if (field === 'favourite') {
      const number = this.otherNumber(rowId);
      return number ? this.archive.annotations.isFavourite(number) : false;
    }
    return this.archive.annotations.annotation(rowId)[field];
  }

  private applyFromTeam(rowId: string, field: TeamField, value: TeamFieldValue): void {
    if (field === 'favourite') {
      const number = this.otherNumber(rowId);
      if (number) this.archive.annotations.setFavourite(number, value === true, this.clock.now());
      return;
    }
    const current = this.archive.annotations.annotation(rowId);
    this.archive.annotations.annotate(rowId, { ...current, [field]: typeof value === 'string' ? value : null }, this.clock.now(), true);
  }

  quickNumbers(): { favourites: QuickNumber[]; recents: QuickNumber[] } {
    return this.archive.annotations.quickNumbers();
  }

  /** The best name a number goes by (personal contact > directory > call log), or null. */
  nameFor(number: string): string | null {
    return this.archive.names.resolve(number).name;
  }

  /** Every name a number goes by, best first. */
  namesFor(number: string): ResolvedName {
    return this.archive.names.resolve(number);
  }

  /** Fetches contacts and the directory again if due (or now, with `force`). */
  refreshNames(force = false): Promise<ContactsSyncResult> {
    return this.contacts.run(force);
  }
}
