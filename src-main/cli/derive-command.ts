import type { CallLogRecord } from '../../src-shared/call-log';
import { deriveLegs, explainOutcome, groupCallLogRecords } from '../core/index';
import { UserError } from './user-error';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `item` is not a call-log record, saying what it looks like instead; null when it is one.
 * A record has a string `id`, a `startTime` and a `type` or `direction`, and is neither a
 * RingOut status answer (`status`) nor a telephony session or event (`parties`, `origin`).
 */
export function notACallLogRecord(item: unknown): string | null {
  if (!isObject(item))
    return `this is ${Array.isArray(item) ? 'a list inside the list' : `a ${item === null ? 'null' : typeof item} value`}, not a call-log record`;
  if (isObject(item['body']) && (Array.isArray(item['body']['parties']) || 'telephonySessionId' in item['body']))
    return 'this is a telephony-session event (push notification), not a call-log record';
  if (Array.isArray(item['parties']) || 'origin' in item) return 'this is a telephony session, not a call-log record';
  if (isObject(item['status'])) return 'this is a RingOut status answer, not a call-log record';
  if (typeof item['id'] !== 'string')
    return typeof item['id'] === 'number' ? 'its "id" is a number; call-log record ids are strings' : 'it has no string "id", so it is not a call-log record';
  if (typeof item['startTime'] !== 'string') return 'it has no "startTime", so it is not a call-log record';
  if (typeof item['type'] !== 'string' && typeof item['direction'] !== 'string') return 'it has neither "type" nor "direction", so it is not a call-log record';
  return null;
}

/** Accepts one record, an array of records, or a call-log page (`{ records: [...] }`). */
export function recordsFromJson(text: string): CallLogRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`The input is not valid JSON (${(error as Error).message}).`);
  }
  const single = !Array.isArray(parsed) && !(isObject(parsed) && Array.isArray(parsed['records']));
  const list: unknown[] = Array.isArray(parsed) ? parsed : single ? [parsed] : (parsed as { records: unknown[] }).records;
  return list.map((item, index) => {
    const problem = notACallLogRecord(item);
    if (problem) {
      const sentence = `${problem[0]!.toUpperCase()}${problem.slice(1)}.`;
      throw new UserError(single ? sentence : `Record ${index + 1}: ${problem}.`);
    }
    return item as CallLogRecord;
  });
}

/** One JSON line per call: a two-record RingOut (caller half logged apart) is one call, with both legs. */
export function deriveLines(records: readonly CallLogRecord[]): string[] {
  return groupCallLogRecords(records).map(({ record, callerHalf }) => {
    const { ringOut, callerStatus, calleeStatus } = deriveLegs(record);
    const explanation = ringOut ? explainOutcome(callerStatus, calleeStatus) : 'Not a RingOut call.';
    return JSON.stringify({ id: record.id, ringOut, callerStatus, calleeStatus, explanation, ...(callerHalf ? { callerHalfId: callerHalf.id } : {}) });
  });
}
