import type { HistoryRow } from '../../../src-shared/history-row';

/**
 * A call as exported: the history row and the id of every call-log record behind it (a
 * two-record RingOut: the RingOut record, then its caller half), so an export can be
 * reconciled with RingCentral's own. None for a call RingCentral has not logged.
 */
export interface ExportRow extends HistoryRow {
  recordIds: string[];
}

const COLUMNS: Array<[string, (row: ExportRow) => string | number | boolean | null]> = [
  ['id', (r) => r.id],
  ['start', (r) => r.startTime],
  ['direction', (r) => r.direction],
  ['from', (r) => r.fromNumber],
  ['from name', (r) => r.fromName],
  ['to', (r) => r.toNumber],
  ['to name', (r) => r.toName],
  ['result', (r) => r.result],
  ['ringout', (r) => r.ringOut],
  ['your phone', (r) => r.callerStatus],
  ['their phone', (r) => r.calleeStatus],
  ['duration (s)', (r) => r.duration],
  ['explanation', (r) => r.explanation],
  ['contact name', (r) => r.contactName],
  ['disposition', (r) => r.disposition],
  ['note', (r) => r.note],
  // Last, so the columns of earlier exports keep their places.
  ['record ids', (r) => r.recordIds.join(' ')],
];

/** A cell that is wholly a phone number (+1 650 555 0198, (212) 555-0100): left as it is. */
const PHONE_NUMBER = /^\+?[\d\s().-]{3,25}$/;

/**
 * One CSV cell (RFC 4180 quoting). Text a spreadsheet would run as a formula (starting with
 * = + - @, a tab or a carriage return) gets an apostrophe in front, unless the whole cell
 * is a phone number: `+1+HYPERLINK(…)` or `-2+3+cmd|…` are escaped, `+1 650 555 0198` is not.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !PHONE_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** How often a streamed export reports the rows written so far (and once at the end). */
export const EXPORT_PROGRESS_EVERY = 10_000;

export interface ExportProgress {
  /** Called with the rows written so far, every EXPORT_PROGRESS_EVERY rows and once at the end. */
  onProgress?: ((rowsWritten: number) => void) | undefined;
}

export function* toCsv(rows: Iterable<ExportRow>, options: ExportProgress = {}): Generator<string> {
  yield `${COLUMNS.map(([name]) => name).join(',')}\r\n`;
  let written = 0;
  for (const row of rows) {
    yield `${COLUMNS.map(([, get]) => csvCell(get(row))).join(',')}\r\n`;
    if (++written % EXPORT_PROGRESS_EVERY === 0) options.onProgress?.(written);
  }
  options.onProgress?.(written);
}

/** A JSON array written row by row, so a 100k-call export never sits in memory at once. */
export function* toJson(rows: Iterable<ExportRow>, options: ExportProgress = {}): Generator<string> {
  yield '[';
  let written = 0;
  for (const row of rows) {
    yield `${written === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`;
    if (++written % EXPORT_PROGRESS_EVERY === 0) options.onProgress?.(written);
  }
  yield written === 0 ? ']\n' : '\n]\n';
  options.onProgress?.(written);
}
