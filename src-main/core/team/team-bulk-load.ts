/**
 * A large load into the team archive (a first collection, a backfill): the calls streamed in
 * with COPY (pg-copy-streams) instead of a statement per record. The records of one extension
 * are paired in memory by the same rule as one at a time (groupCallLogRecords); an extension
 * that already has calls near the load's period, and any deletion, goes through the
 * record-by-record writer instead, so the result is the same either way. The caller holds the
 * transaction (the collector's batch).
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CallLogRecord } from '../../../src-shared/call-log';
import { CALLER_HALF_WINDOW_MS, groupCallLogRecords } from '../ringout/merge-records';
import { CALL_COLUMNS, callRow, ensurePartitions, modifiedMs, writeTeamRecord, type TeamRecord } from './team-calls';

/** One value as a CSV field of COPY (an unquoted empty field is NULL). */
function csvField(value: string | number | boolean | Date | null): string {
  if (value === null) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 't' : 'f') : String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** Loads the records; returns how many calls were streamed by COPY (the rest went record by record). */
export async function bulkLoadTeamRecords(client: pg.ClientBase, records: readonly TeamRecord[]): Promise<number> {
  await ensurePartitions(client, records);
  const byExtension = new Map<string, Map<string, CallLogRecord>>();
  const oneByOne: TeamRecord[] = [];
  for (const entry of records) {
    if (entry.record.deleted === true || !Number.isFinite(Date.parse(entry.record.startTime))) {
      oneByOne.push(entry);
      continue;
    }
    const own = byExtension.get(entry.extensionId) ?? new Map<string, CallLogRecord>();
    byExtension.set(entry.extensionId, own);
    // The same record twice in one load: its newest version.
    const seen = own.get(entry.record.id);
    if (!seen || modifiedMs(entry.record) >= modifiedMs(seen)) own.set(entry.record.id, entry.record);
  }
  const rows: string[] = [];
  for (const [extensionId, own] of byExtension) {
    const list = [...own.values()];
    const starts = list.map((r) => Date.parse(r.startTime));
    const from = new Date(Math.min(...starts) - CALLER_HALF_WINDOW_MS);
    const to = new Date(Math.max(...starts) + CALLER_HALF_WINDOW_MS);
    const stored = await client.query('SELECT 1 FROM calls WHERE extension_id = $1 AND start_time BETWEEN $2 AND $3 LIMIT 1', [extensionId, from, to]);
    const halves = await client.query('SELECT 1 FROM merged_halves WHERE half_id = ANY($1) LIMIT 1', [list.map((r) => r.id)]);
    if (stored.rowCount !== 0 || halves.rowCount !== 0) {
      // Calls already there may pair with these: one at a time, against them.
      oneByOne.push(...list.map((record) => ({ extensionId, record })));
      continue;
    }
    for (const group of groupCallLogRecords(list)) {
      const record = own.get(group.record.id)!;
      rows.push(callRow(extensionId, record, group.callerHalf).map(csvField).join(',') + '\n');
    }
  }
  if (rows.length > 0) {
    await client.query(`CREATE TEMP TABLE calls_load (LIKE calls INCLUDING DEFAULTS) ON COMMIT DROP`);
    const copy = client.query(copyFrom(`COPY calls_load (${CALL_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(Readable.from(rows), copy);
    const columns = CALL_COLUMNS.join(', ');
    await client.query(`INSERT INTO calls (${columns}) SELECT ${columns} FROM calls_load ON CONFLICT (id, start_time) DO NOTHING`);
    await client.query(
      "INSERT INTO merged_halves (half_id, call_id) SELECT caller_half->>'id', id FROM calls_load WHERE caller_half IS NOT NULL ON CONFLICT (half_id) DO UPDATE SET call_id = excluded.call_id",
    );
    await client.query('DROP TABLE calls_load');
  }
  for (const entry of oneByOne) await writeTeamRecord(client, entry);
  return rows.length;
}
