import type { DatabaseSync } from 'node:sqlite';
import type { FailedDeliveryView, ReceiverAnswer, WebhookEndpointView, WebhookEvent } from '../../../src-shared/webhooks';

export interface EndpointRow {
  id: string;
  url: string;
  label: string | null;
  events: WebhookEvent[];
  createdMs: number;
}

export interface DeliveryRow {
  seq: number;
  /** The delivery's id, which is also its idempotency key. */
  id: string;
  endpointId: string;
  event: WebhookEvent;
  eventId: string;
  callKey: string | null;
  payload: string;
  attempts: number;
  createdMs: number;
}

interface RawDelivery {
  seq: number;
  id: string;
  endpoint_id: string;
  event: string;
  event_id: string;
  call_key: string | null;
  ringside_call_id: string | null;
  party: string | null;
  payload: string;
  state: string;
  attempts: number;
  created_ms: number;
  next_ms: number;
  last_answer: string | null;
  parked_ms: number | null;
}

export interface NewDelivery {
  id: string;
  endpointId: string;
  event: WebhookEvent;
  eventId: string;
  callKey: string | null;
  ringsideCallId: string | null;
  party: string | null;
  payload: string;
  /** `call.completed` waiting for a wrap-up: held until then (or until finished or skipped). */
  heldUntil: number | null;
}

/** A waiting delivery (a held one goes once its wrap-up time passed) that is the first still waiting in its call's lane for its endpoint. */
const LANE_HEAD = `d.state IN ('pending', 'held') AND (d.call_key IS NULL OR NOT EXISTS (
  SELECT 1 FROM webhook_deliveries e
  WHERE e.endpoint_id = d.endpoint_id AND e.call_key = d.call_key AND e.seq < d.seq AND e.state IN ('pending', 'held', 'inflight')))`;

const parseAnswer = (text: string | null): ReceiverAnswer | null => (text ? (JSON.parse(text) as ReceiverAnswer) : null);

/**
 * The webhook tables of the archive (schema 9): endpoints (never their secrets) and the outbox.
 * Writes run inside the caller's transaction (the archive's), so a delivery is written with the
 * change it reports; the delivery worker moves rows along.
 */
export class Outbox {
  constructor(private readonly db: DatabaseSync) {}

  endpoints(): EndpointRow[] {
    const rows = this.db.prepare('SELECT id, url, label, events, created_ms FROM webhook_endpoints ORDER BY created_ms, id').all() as Array<{
      id: string;
      url: string;
      label: string | null;
      events: string;
      created_ms: number;
    }>;
    return rows.map((r) => ({ id: r.id, url: r.url, label: r.label, events: JSON.parse(r.events) as WebhookEvent[], createdMs: r.created_ms }));
  }

  endpoint(id: string): EndpointRow | null {
    return this.endpoints().find((e) => e.id === id) ?? null;
  }

  addEndpoint(endpoint: EndpointRow): void {
    this.db
      .prepare('INSERT INTO webhook_endpoints (id, url, label, events, created_ms) VALUES (?, ?, ?, ?, ?)')
      .run(endpoint.id, endpoint.url, endpoint.label, JSON.stringify(endpoint.events), endpoint.createdMs);
  }

  /** Removes an endpoint and everything still waiting for it. */
  removeEndpoint(id: string): boolean {
    this.db.prepare('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(id);
    return this.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id).changes > 0;
  }

  insert(delivery: NewDelivery, now: number): void {
    this.db
      .prepare(
        'INSERT INTO webhook_deliveries (id, endpoint_id, event, event_id, call_key, ringside_call_id, party, payload, state, attempts, created_ms, next_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)',
      )
      .run(
        delivery.id,
        delivery.endpointId,
        delivery.event,
        delivery.eventId,
        delivery.callKey,
        delivery.ringsideCallId,
        delivery.party,
        delivery.payload,
        delivery.heldUntil === null ? 'pending' : 'held',
        now,
        delivery.heldUntil ?? now,
      );
  }

  /** A placed call's held `call.completed`, rewritten with what the call says now (a note added in the wrap-up). */
  rewriteHeld(ringsideCallId: string | null, payloadFor: (eventId: string) => string): boolean {
    if (ringsideCallId === null) return false;
    const held = this.db.prepare("SELECT id, event_id FROM webhook_deliveries WHERE ringside_call_id = ? AND state = 'held'").all(ringsideCallId) as Array<{
      id: string;
      event_id: string;
    }>;
    const update = this.db.prepare('UPDATE webhook_deliveries SET payload = ? WHERE id = ?');
    for (const row of held) update.run(payloadFor(row.event_id), row.id);
    return held.length > 0;
  }

  /** The wrap-up is over: a placed call's held `call.completed` goes now. */
  release(ringsideCallId: string, now: number): number {
    return Number(
      this.db.prepare("UPDATE webhook_deliveries SET state = 'pending', next_ms = ? WHERE ringside_call_id = ? AND state = 'held'").run(now, ringsideCallId)
        .changes,
    );
  }

  /** At open: a delivery in flight when Ringside stopped (or crashed) is sent again, same key. */
  resetInFlight(): number {
    return Number(this.db.prepare("UPDATE webhook_deliveries SET state = 'pending' WHERE state = 'inflight'").run().changes);
  }

  /**
   * Deliveries that may go now: due (a held one once its wrap-up time passed), not parked, and
   * the first still waiting in their call's lane for their endpoint (a call's events in order).
   */
  due(now: number, limit = 100): DeliveryRow[] {
    const rows = this.db
      .prepare(`SELECT d.* FROM webhook_deliveries d WHERE ${LANE_HEAD} AND d.next_ms <= ? ORDER BY d.seq LIMIT ?`)
      .all(now, limit) as unknown as RawDelivery[];
    return rows.map(toDelivery);
  }

  /** When the next delivery that may go falls due (null: nothing waiting that is not behind another). */
  nextDueAt(): number | null {
    return (this.db.prepare(`SELECT min(d.next_ms) AS at FROM webhook_deliveries d WHERE ${LANE_HEAD}`).get() as { at: number | null }).at;
  }

  inFlight(endpointId: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? AND state = 'inflight'").get(endpointId) as { n: number }).n;
  }

  markInFlight(id: string): void {
    this.db.prepare("UPDATE webhook_deliveries SET state = 'inflight', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  /** The receiver took it (2xx): the row goes, the endpoint remembers the answer. */
  delivered(delivery: DeliveryRow, answer: ReceiverAnswer): void {
    this.db.prepare('DELETE FROM webhook_deliveries WHERE id = ?').run(delivery.id);
    this.db
      .prepare('UPDATE webhook_endpoints SET last_delivered_ms = ?, last_answer = ? WHERE id = ?')
      .run(answer.at, JSON.stringify(answer), delivery.endpointId);
  }

  /** Not taken: tried again at `retryAt`, or parked (null) with the receiver's last answer. */
  failed(delivery: DeliveryRow, answer: ReceiverAnswer, retryAt: number | null): void {
    const text = JSON.stringify(answer);
    if (retryAt === null)
      this.db.prepare("UPDATE webhook_deliveries SET state = 'parked', last_answer = ?, parked_ms = ? WHERE id = ?").run(text, answer.at, delivery.id);
    else this.db.prepare("UPDATE webhook_deliveries SET state = 'pending', last_answer = ?, next_ms = ? WHERE id = ?").run(text, retryAt, delivery.id);
    this.db.prepare('UPDATE webhook_endpoints SET last_answer = ? WHERE id = ?').run(text, delivery.endpointId);
  }

  /** A parked delivery back in the queue with a fresh set of attempts and the same idempotency key. */
  retry(id: string, now: number): boolean {
    return (
      this.db
        .prepare("UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_ms = ?, parked_ms = NULL WHERE id = ? AND state = 'parked'")
        .run(now, id).changes > 0
    );
  }

  endpointViews(): WebhookEndpointView[] {
    const counts = new Map(
      (
        this.db
          .prepare("SELECT endpoint_id, sum(state != 'parked') AS pending, sum(state = 'inflight') AS in_flight FROM webhook_deliveries GROUP BY endpoint_id")
          .all() as Array<{ endpoint_id: string; pending: number; in_flight: number }>
      ).map((c) => [c.endpoint_id, c]),
    );
    const extra = new Map(
      (
        this.db.prepare('SELECT id, last_delivered_ms, last_answer FROM webhook_endpoints').all() as Array<{
          id: string;
          last_delivered_ms: number | null;
          last_answer: string | null;
        }>
      ).map((e) => [e.id, e]),
    );
    return this.endpoints().map((e) => ({
      id: e.id,
      url: e.url,
      label: e.label,
      events: e.events,
      createdAt: e.createdMs,
      pending: counts.get(e.id)?.pending ?? 0,
      inFlight: counts.get(e.id)?.in_flight ?? 0,
      lastDeliveredAt: extra.get(e.id)?.last_delivered_ms ?? null,
      lastAnswer: parseAnswer(extra.get(e.id)?.last_answer ?? null),
    }));
  }

  failedViews(limit = 200): FailedDeliveryView[] {
    const rows = this.db
      .prepare(
        "SELECT d.*, e.url AS endpoint_url FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.state = 'parked' ORDER BY d.parked_ms DESC, d.seq DESC LIMIT ?",
      )
      .all(limit) as unknown as Array<RawDelivery & { endpoint_url: string }>;
    return rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      endpointUrl: r.endpoint_url,
      event: r.event as WebhookEvent,
      idempotencyKey: r.id,
      callId: r.ringside_call_id ?? r.call_key,
      party: r.party,
      attempts: r.attempts,
      createdAt: r.created_ms,
      parkedAt: r.parked_ms ?? r.created_ms,
      lastAnswer: parseAnswer(r.last_answer),
    }));
  }

  /** What was last said about a history row in `call.completed`/`call.updated` (null: never reported). */
  reportedDigest(rowId: string): string | null {
    return (this.db.prepare('SELECT digest FROM webhook_calls WHERE row_id = ?').get(rowId) as { digest: string } | undefined)?.digest ?? null;
  }

  setReportedDigest(rowId: string, digest: string): void {
    this.db.prepare('INSERT INTO webhook_calls (row_id, digest) VALUES (?, ?) ON CONFLICT (row_id) DO UPDATE SET digest = excluded.digest').run(rowId, digest);
  }
}

function toDelivery(r: RawDelivery): DeliveryRow {
  return {
    seq: r.seq,
    id: r.id,
    endpointId: r.endpoint_id,
    event: r.event as WebhookEvent,
    eventId: r.event_id,
    callKey: r.call_key,
    payload: r.payload,
    attempts: r.attempts,
    createdMs: r.created_ms,
  };
}
