import { createHash, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { CallLogRecord } from '../../../src-shared/call-log';
import type { LegChange, TrackedCall } from '../../../src-shared/calls';
import type { HistoryRow } from '../../../src-shared/history-row';
import type { WebhookEvent } from '../../../src-shared/webhooks';
import type { Clock } from '../ports';
import { callPayload, legChangePayload, liveCallPayload, payloadText, type CallPayload, type LegChangePayload } from './payload';
import type { Outbox } from './outbox';

type Detail = { row: HistoryRow; record: CallLogRecord | null; tracked: TrackedCall | null };

/** Where a placed call waiting for its call-log record is remembered (never a history row's id). */
const awaitingKey = (ringsideCallId: string) => `awaiting:${ringsideCallId}`;
/** Marks a placed call whose `call.completed` waits for its call-log record (the row id changes when it comes). */
const AWAITING = '';

/**
 * Turns archive changes into outbox rows, inside the archive's transaction (the archive calls
 * `changed` from each write): a call placed from Ringside gets `call.completed` once it is
 * final (both legs confirmed, or the call log's last word), and every later change to what
 * that event said (a correction, a note, a disposition) one `call.updated`. Calls only known
 * from the call log are never reported (a first sync would flood every receiver with a year).
 */
export class CallReporter {
  /** The call a written record landed in (a merged caller half's RingOut), whether it was placed from here, and what was last reported of it: one lookup per record a sync writes. */
  private readonly rowOf;

  constructor(
    private readonly db: DatabaseSync,
    private readonly outbox: Outbox,
    private readonly detail: (rowId: string) => Detail | null,
    private readonly clock: Clock,
    /** When a placed call's wrap-up ends (its `call.completed` is held until then), or null. */
    private readonly heldUntil: (ringsideCallId: string) => number | null,
    /** Told after a transaction that queued something (the worker looks). */
    private readonly queued: () => void = () => undefined,
  ) {
    this.rowOf = db.prepare(
      'SELECT calls.id, calls.tracked, webhook_calls.digest FROM calls LEFT JOIN webhook_calls ON webhook_calls.row_id = calls.id WHERE calls.id = coalesce((SELECT call_id FROM merged_halves WHERE half_id = ?), ?)',
    );
  }

  /**
   * A history row was written (`placed`: by the tracker, the call's final word). Runs inside the
   * archive's transaction: what it queues commits or rolls back with the change itself.
   */
  changed(id: string, placed: boolean): void {
    const row = this.rowOf.get(id, id) as { id: string; tracked: number; digest: string | null } | undefined;
    // A record deleted in RingCentral left the history: nothing to say about it.
    if (!row) return;
    const rowId = row.id;
    const reported = row.digest;
    // Most writes are a sync's records of calls never placed from here: two index lookups and out.
    if (reported === null && !placed && row.tracked !== 1) return;
    const detail = this.detail(rowId);
    if (!detail) return;
    const call = callPayload(detail.row, detail.tracked, this.recordIds(detail));
    const digest = digestOf(call);
    if (reported !== null) {
      if (reported === digest) return;
      this.outbox.setReportedDigest(rowId, digest);
      // Still held for its wrap-up: the waiting call.completed carries the change instead.
      if (this.outbox.rewriteHeld(call.ringsideCallId, (eventId) => payloadText({ id: eventId, type: 'call.completed', occurredAt: this.clock.now(), call })))
        return;
      this.enqueue('call.updated', call, null);
      return;
    }
    const tracked = detail.tracked;
    if (!tracked) return;
    const awaiting = this.outbox.reportedDigest(awaitingKey(tracked.id)) === AWAITING;
    if (!placed && !awaiting) return;
    if (tracked.callLogPending) {
      // Final for now, "not yet in the call log": completed when a sync brings its record.
      this.outbox.setReportedDigest(awaitingKey(tracked.id), AWAITING);
      return;
    }
    if (awaiting) this.db.prepare('DELETE FROM webhook_calls WHERE row_id = ?').run(awaitingKey(tracked.id));
    this.outbox.setReportedDigest(rowId, digest);
    this.enqueue('call.completed', call, this.heldUntil(tracked.id));
  }

  /** A leg of a call being placed moved (live): one leg.changed, in the call's lane before its call.completed. */
  legChanged(change: LegChange, call: TrackedCall): void {
    this.enqueue('leg.changed', liveCallPayload(call), null, legChangePayload(change));
  }

  private recordIds(detail: Detail): string[] {
    if (!detail.record) return [];
    const halves = this.db.prepare('SELECT half_id FROM merged_halves WHERE call_id = ? ORDER BY half_id').all(detail.row.id) as Array<{ half_id: string }>;
    return [detail.row.id, ...halves.map((h) => h.half_id).filter((h) => h !== detail.row.id)];
  }

  private enqueue(event: WebhookEvent, call: CallPayload, heldUntil: number | null, change?: LegChangePayload): void {
    const now = this.clock.now();
    const endpoints = this.outbox.endpoints().filter((e) => e.events.includes(event));
    if (endpoints.length === 0) return;
    const eventId = `evt_${randomUUID()}`;
    const payload = payloadText({ id: eventId, type: event, occurredAt: now, call, change });
    const party = call.contactName ?? (call.direction === 'Inbound' ? call.from.number : call.to.number);
    for (const endpoint of endpoints)
      this.outbox.insert(
        {
          id: `dlv_${randomUUID()}`,
          endpointId: endpoint.id,
          event,
          eventId,
          // A placed call's lane is its Ringside id (its row id changes when the call log confirms it).
          callKey: call.ringsideCallId ? `ringside:${call.ringsideCallId}` : call.id,
          ringsideCallId: call.ringsideCallId,
          party,
          payload,
          heldUntil,
        },
        now,
      );
    this.queued();
  }
}

function digestOf(call: CallPayload): string {
  return createHash('sha256').update(JSON.stringify(call)).digest('base64url');
}
