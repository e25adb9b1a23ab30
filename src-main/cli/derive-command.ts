import type { CallLogRecord } from '../../src-shared/call-log';
import { deriveLegs } from '../core/ringout/derive-legs';
import { explainOutcome } from '../core/ringout/explain';
import { UserError } from './user-error';

/** Accepts one record, an array of records, or a call-log page (`{ records: [...] }`). */
export function recordsFromJson(text: string): CallLogRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UserError(`The input is not valid JSON (${(error as Error).message}).`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as { records?: unknown }).records)
      ? (parsed as { records: unknown[] }).records
      : [parsed];
  return list.map((item, index) => {
    if (!item || typeof item !== 'object' || typeof (item as { id?: unknown }).id !== 'string') {
      throw new UserError(`Record ${index + 1} is not a call-log record (it has no string "id").`);
    }
    return item as CallLogRecord;
  });
}

export function deriveLines(records: readonly CallLogRecord[]): string[] {
  return records.map((record) => {
    const { ringOut, callerStatus, calleeStatus } = deriveLegs(record);
    const explanation = ringOut ? explainOutcome(callerStatus, calleeStatus) : 'Not a RingOut call.';
    return JSON.stringify({ id: record.id, ringOut, callerStatus, calleeStatus, explanation });
  });
}
