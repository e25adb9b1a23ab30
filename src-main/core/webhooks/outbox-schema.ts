/**
 * Schema 9 (issue 30): webhook endpoints and their outbox. An outbox row is one delivery of one
 * event to one endpoint, written in the same transaction as the change it reports, and removed
 * once the receiver said 2xx. Secrets are never here: they live in the SecretStore.
 *
 * `state`: `held` (call.completed waiting for its wrap-up until `next_ms`), `pending` (due at
 * `next_ms`), `inflight` (being sent: back to `pending` at the next open, as after a crash) and
 * `parked` (gave up after the retry limit: shown with Retry). `seq` orders a call's events.
 * `webhook_calls`: the history rows whose `call.completed` was written, with a digest of what it
 * said, so a later change (a correction, a note) becomes one `call.updated` and a re-read nothing.
 */
export const OUTBOX_SCHEMA_VERSION = 9;

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  label TEXT,
  events TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  last_delivered_ms INTEGER,
  last_answer TEXT
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  endpoint_id TEXT NOT NULL,
  event TEXT NOT NULL,
  event_id TEXT NOT NULL,
  call_key TEXT,
  ringside_call_id TEXT,
  party TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL,
  next_ms INTEGER NOT NULL,
  last_answer TEXT,
  parked_ms INTEGER
);
CREATE TABLE IF NOT EXISTS webhook_calls (row_id TEXT PRIMARY KEY, digest TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_state ON webhook_deliveries (state, next_ms);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_call ON webhook_deliveries (endpoint_id, call_key, seq);
`;
