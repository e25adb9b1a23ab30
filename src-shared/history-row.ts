import type { NameSource } from './annotations';
import type { LegState } from './leg-state';

/** One call in the history: what lists, exports and the detail header show. */
export interface HistoryRow {
  id: string;
  startTime: string;
  direction: string | null;
  action: string | null;
  result: string | null;
  fromNumber: string | null;
  fromName: string | null;
  toNumber: string | null;
  toName: string | null;
  duration: number | null;
  ringOut: boolean;
  callerStatus: string | null;
  calleeStatus: string | null;
  callerState: LegState | null;
  calleeState: LegState | null;
  explanation: string | null;
  /** Placed from Ringside (it has a live timeline), or only known from the call log. */
  tracked: boolean;
  /** The other party's best name: personal contact, else company directory, else the call log. */
  contactName: string | null;
  nameSource: NameSource | null;
  /** The other names that number goes by (shown on hover). */
  otherNames: string[];
  /** The user's note and disposition for this call. */
  note: string | null;
  disposition: string | null;
  /** The other party's number is starred. */
  favourite: boolean;
}

/** The other party of a history call (whom you called, or who called you): their number. */
export const otherPartyNumber = (row: Pick<HistoryRow, 'direction' | 'fromNumber' | 'toNumber'>): string | null =>
  row.direction === 'Inbound' ? row.fromNumber : row.toNumber;

/** The other party's name as RingCentral logged it. */
export const otherPartyName = (row: Pick<HistoryRow, 'direction' | 'fromName' | 'toName'>): string | null =>
  row.direction === 'Inbound' ? row.fromName : row.toName;
