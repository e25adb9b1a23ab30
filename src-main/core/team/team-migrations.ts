/**
 * The team archive's schema (PostgreSQL), as numbered migrations applied in order. A
 * migration, once released, never changes: a change is a new migration at the end.
 * `ringside_migrations` records which ran; all pending ones run in one transaction under an
 * advisory lock, so two Ringside instances starting at once migrate once, and a failure
 * leaves the archive at the version it had.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

export interface TeamMigration {
  version: number;
  name: string;
  sql: string;
}

/** The database roles Ringside's people and services log in through (login roles are made members of one). */
export const TEAM_ROLES = { member: 'ringside_member', lead: 'ringside_lead', collector: 'ringside_collector' } as const;

/** Creates a group role unless it exists; roles are cluster-wide, so another team database may create it at the same moment. */
const groupRole = (role: string) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN; END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;`;

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'calls partitioned by month',
    sql: `
${groupRole(TEAM_ROLES.member)}
${groupRole(TEAM_ROLES.lead)}
${groupRole(TEAM_ROLES.collector)}
-- One row per call, as in the local archive: a two-record RingOut is one row (the RingOut
-- record, its Inbound caller half kept whole in caller_half); both legs' raw status and state.
CREATE TABLE calls (
  id text NOT NULL,
  start_time timestamptz NOT NULL,
  extension_id text NOT NULL,
  modified_time timestamptz NOT NULL,
  session_id text,
  telephony_session_id text,
  direction text,
  action text,
  result text,
  result_state text,
  from_number text,
  from_name text,
  to_number text,
  to_name text,
  duration integer,
  ring_out boolean NOT NULL,
  caller_status text,
  callee_status text,
  caller_state text,
  callee_state text,
  record jsonb NOT NULL,
  caller_half jsonb,
  written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (id, start_time)
) PARTITION BY RANGE (start_time);
CREATE INDEX calls_by_extension ON calls (extension_id, start_time DESC);
CREATE INDEX calls_by_time ON calls (start_time DESC);
-- Which call took each merged caller half (a half whose call was deleted stays out).
CREATE TABLE merged_halves (half_id text PRIMARY KEY, call_id text NOT NULL);
CREATE INDEX merged_halves_by_call ON merged_halves (call_id);

-- The month's partition of calls (UTC months), created the first time a call of that month comes.
CREATE FUNCTION ringside_calls_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  part text := format('public.calls_%s', to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
  IF to_regclass(part) IS NULL THEN
    -- Two writers may meet a new month at once: one creates it, the other (waiting for the
    -- lock, its catalog view older than the first one's commit) finds it made.
    PERFORM pg_advisory_xact_lock(hashtext('ringside_calls_partition'));
    BEGIN
      EXECUTE format('CREATE TABLE %s PARTITION OF public.calls FOR VALUES FROM (%L) TO (%L)', part, first_day, first_day + interval '1 month');
    EXCEPTION WHEN duplicate_table THEN NULL;
    END;
  END IF;
  RETURN part;
END $fn$;
REVOKE ALL ON FUNCTION ringside_calls_partition(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_calls_partition(timestamptz) TO ${TEAM_ROLES.collector};
GRANT SELECT, INSERT, UPDATE, DELETE ON calls, merged_halves TO ${TEAM_ROLES.collector};
GRANT SELECT ON calls TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
`,
  },
  {
    version: 2,
    name: 'notes, dispositions and favourites',
    sql: `
-- Shared by the team: each field says who wrote it and when (server time); the newest write of
-- a field wins, whatever order writers commit in; version counts the writes.
CREATE TABLE call_annotations (
  call_id text PRIMARY KEY,
  extension_id text NOT NULL,
  note text,
  note_by text,
  note_at timestamptz,
  disposition text,
  disposition_by text,
  disposition_at timestamptz,
  favourite boolean NOT NULL DEFAULT false,
  favourite_by text,
  favourite_at timestamptz,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX call_annotations_by_extension ON call_annotations (extension_id);
GRANT SELECT, INSERT, UPDATE ON call_annotations TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
`,
  },
  {
    version: 3,
    name: 'who sees what: members, row-level security, team totals',
    sql: `
-- Which extension each login role is: bound by the admin, never by the session itself (a
-- setting a member could SET would let them read anyone's calls).
CREATE TABLE team_members (role_name text PRIMARY KEY, extension_id text NOT NULL UNIQUE, name text);
CREATE FUNCTION ringside_my_extension() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $fn$ SELECT extension_id FROM team_members WHERE role_name = session_user $fn$;
GRANT EXECUTE ON FUNCTION ringside_my_extension() TO PUBLIC;

ALTER TABLE calls ENABLE ROW LEVEL SECURITY;
CREATE POLICY calls_member ON calls FOR SELECT TO ${TEAM_ROLES.member} USING (extension_id = ringside_my_extension());
CREATE POLICY calls_lead ON calls FOR SELECT TO ${TEAM_ROLES.lead} USING (true);
CREATE POLICY calls_collector ON calls FOR ALL TO ${TEAM_ROLES.collector} USING (true) WITH CHECK (true);

ALTER TABLE call_annotations ENABLE ROW LEVEL SECURITY;
CREATE POLICY annotations_member ON call_annotations FOR ALL TO ${TEAM_ROLES.member}
  USING (extension_id = ringside_my_extension()) WITH CHECK (extension_id = ringside_my_extension());
CREATE POLICY annotations_lead ON call_annotations FOR ALL TO ${TEAM_ROLES.lead} USING (true) WITH CHECK (true);

-- The team's RingOut totals (the calls with both legs), for everyone: counts by both legs' states, never a person's calls.
CREATE FUNCTION ringside_team_totals(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (caller_state text, callee_state text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $fn$
  SELECT c.caller_state, c.callee_state, count(*) FROM calls c
  WHERE c.start_time >= from_time AND c.start_time < to_time AND c.ring_out
  GROUP BY c.caller_state, c.callee_state
$fn$;
REVOKE ALL ON FUNCTION ringside_team_totals(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_team_totals(timestamptz, timestamptz) TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
`,
  },
  {
    version: 4,
    name: 'collector cursor',
    sql: `
-- Where the collector's sync stands, written in the same transaction as the calls it brought.
CREATE TABLE collector_state (
  id integer PRIMARY KEY CHECK (id = 1),
  cursor text,
  holder text,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
GRANT SELECT, INSERT, UPDATE ON collector_state TO ${TEAM_ROLES.collector};
`,
  },
  {
    version: 5,
    name: 'team analytics',
    sql: `
-- The analytics read this narrow index alone (index-only scans of a month's RingOut calls), never the wide call rows.
CREATE INDEX calls_for_analytics ON calls (start_time) INCLUDE (extension_id, caller_state, callee_state, to_number) WHERE ring_out;
-- Names for the analytics' people (never whose login is whose).
GRANT SELECT (extension_id, name) ON team_members TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};

-- Each person's RingOut calls by both legs' states, read as the caller (SECURITY INVOKER):
-- row-level security gives a member their own row and a lead everyone's. JIT is off in these
-- functions: compiling takes longer than the month's grouping it would speed up.
CREATE FUNCTION ringside_team_people(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (extension_id text, name text, caller_state text, callee_state text, calls bigint)
LANGUAGE sql STABLE SECURITY INVOKER SET jit = off SET search_path = pg_catalog, public
AS $fn$
  SELECT c.extension_id, m.name, c.caller_state, c.callee_state, count(*) FROM calls c
  LEFT JOIN team_members m ON m.extension_id = c.extension_id
  WHERE c.start_time >= from_time AND c.start_time < to_time AND c.ring_out
  GROUP BY 1, 2, 3, 4
$fn$;
REVOKE ALL ON FUNCTION ringside_team_people(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_team_people(timestamptz, timestamptz) TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};

-- The team's RingOut calls by hour of day (the viewer's offset, minutes east of UTC) and both
-- legs' states, for everyone: counts only. The states' buckets are decided in TypeScript
-- (analyticsOutcome), as the personal analytics does.
CREATE FUNCTION ringside_team_hours(from_time timestamptz, to_time timestamptz, offset_minutes integer)
RETURNS TABLE (hour integer, caller_state text, callee_state text, calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET jit = off SET search_path = pg_catalog, public
AS $fn$
  SELECT extract(hour FROM (c.start_time AT TIME ZONE 'UTC') + make_interval(mins => offset_minutes))::integer, c.caller_state, c.callee_state, count(*)
  FROM calls c WHERE c.start_time >= from_time AND c.start_time < to_time AND c.ring_out
  GROUP BY 1, 2, 3
$fn$;
REVOKE ALL ON FUNCTION ringside_team_hours(timestamptz, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_team_hours(timestamptz, timestamptz, integer) TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};

-- The numbers whose callee leg failed most across the team: for the top ones, each failed
-- state's count and all their calls. Which states are failures is the caller's (isLegFailure).
CREATE FUNCTION ringside_team_failed_numbers(from_time timestamptz, to_time timestamptz, failed_states text[], top integer)
RETURNS TABLE (number text, callee_state text, calls bigint, all_calls bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET jit = off SET search_path = pg_catalog, public
AS $fn$
  WITH by_state AS (
    SELECT c.to_number AS number, c.callee_state AS state, count(*) AS n FROM calls c
    WHERE c.start_time >= from_time AND c.start_time < to_time AND c.ring_out AND c.to_number IS NOT NULL
    GROUP BY 1, 2
  ), ranked AS (
    SELECT b.number, sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) AS failed, sum(b.n) AS all_calls FROM by_state b
    GROUP BY 1 HAVING sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) > 0
    ORDER BY 2 DESC, 3 DESC, 1 LIMIT top
  )
  SELECT r.number, b.state, b.n, r.all_calls FROM ranked r JOIN by_state b ON b.number = r.number AND b.state = ANY (failed_states)
$fn$;
REVOKE ALL ON FUNCTION ringside_team_failed_numbers(timestamptz, timestamptz, text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_team_failed_numbers(timestamptz, timestamptz, text[], integer) TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};

-- What the archive holds: its first and last call, and when the collector last committed a page.
CREATE FUNCTION ringside_team_coverage()
RETURNS TABLE (first_call timestamptz, last_call timestamptz, collected_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $fn$
  SELECT (SELECT min(start_time) FROM calls), (SELECT max(start_time) FROM calls), (SELECT updated_at FROM collector_state WHERE id = 1)
$fn$;
REVOKE ALL ON FUNCTION ringside_team_coverage() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_team_coverage() TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
`,
  },
  {
    version: 6,
    name: 'the collector loads month partitions with COPY',
    sql: `
-- COPY refuses a table with row-level security, and a partition has none of its own: the
-- collector (whose policy lets it write every row anyway) may COPY into a month's partition
-- directly. Nobody else gets any right on a partition, so members still read only through
-- calls and its policies.
CREATE OR REPLACE FUNCTION ringside_calls_partition(at timestamptz) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  part text := format('public.calls_%s', to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
  IF to_regclass(part) IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtext('ringside_calls_partition'));
    BEGIN
      EXECUTE format('CREATE TABLE %s PARTITION OF public.calls FOR VALUES FROM (%L) TO (%L)', part, first_day, first_day + interval '1 month');
      EXECUTE format('GRANT SELECT, INSERT ON %s TO ${TEAM_ROLES.collector}', part);
    EXCEPTION WHEN duplicate_table THEN NULL;
    END;
  END IF;
  RETURN part;
END $fn$;
DO $$ DECLARE part regclass; BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'public.calls'::regclass LOOP
    EXECUTE format('GRANT SELECT, INSERT ON %s TO ${TEAM_ROLES.collector}', part);
  END LOOP;
END $$;
`,
  },
  {
    version: 7,
    name: 'team analytics roll-ups',
    sql: `
-- The analytics' counts kept as calls are written (as the personal archive's analytics_quarters):
-- RingOut calls per UTC day, person and both legs' states (read as the viewer: row-level
-- security as on calls); per quarter hour and both legs' states, and per UTC day, number and
-- callee state (counts only, read through the functions below). A period's whole days or
-- quarters come from these, its ragged ends from calls.
CREATE TABLE team_rollup_people (
  day timestamptz NOT NULL, extension_id text NOT NULL, caller_state text, callee_state text, calls bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, extension_id, caller_state, callee_state)
);
CREATE TABLE team_rollup_quarters (
  quarter timestamptz NOT NULL, caller_state text, callee_state text, calls bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (quarter, caller_state, callee_state)
);
CREATE TABLE team_rollup_numbers (
  day timestamptz NOT NULL, number text NOT NULL, callee_state text, calls bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (day, number, callee_state)
);
ALTER TABLE team_rollup_people ENABLE ROW LEVEL SECURITY;
CREATE POLICY rollup_people_member ON team_rollup_people FOR SELECT TO ${TEAM_ROLES.member} USING (extension_id = ringside_my_extension());
CREATE POLICY rollup_people_lead ON team_rollup_people FOR SELECT TO ${TEAM_ROLES.lead} USING (true);
GRANT SELECT ON team_rollup_people TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};

-- Adds n (1, -1) for each RingOut call given; the bulk load passes a whole batch at once.
CREATE FUNCTION ringside_rollup_add(at timestamptz[], extension text[], caller text[], callee text[], number text[], n integer)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  INSERT INTO team_rollup_people AS t (day, extension_id, caller_state, callee_state, calls)
  SELECT date_trunc('day', a, 'UTC'), e, cs, ce, n * count(*) FROM unnest(at, extension, caller, callee) AS u(a, e, cs, ce) GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, extension_id, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_quarters AS t (quarter, caller_state, callee_state, calls)
  SELECT to_timestamp(floor(extract(epoch FROM a) / 900) * 900), cs, ce, n * count(*) FROM unnest(at, caller, callee) AS u(a, cs, ce) GROUP BY 1, 2, 3
  ON CONFLICT (quarter, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_numbers AS t (day, number, callee_state, calls)
  SELECT date_trunc('day', a, 'UTC'), num, ce, n * count(*) FROM unnest(at, number, callee) AS u(a, num, ce) WHERE num IS NOT NULL GROUP BY 1, 2, 3
  ON CONFLICT (day, number, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
$fn$;
REVOKE ALL ON FUNCTION ringside_rollup_add(timestamptz[], text[], text[], text[], text[], integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_rollup_add(timestamptz[], text[], text[], text[], text[], integer) TO ${TEAM_ROLES.collector};

-- Every write of a call moves the roll-ups, whoever writes it, except rows the bulk load counts
-- itself in the same transaction (it says so with ringside.rollup_by_loader, set local).
CREATE FUNCTION ringside_calls_rollup() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
BEGIN
  IF current_setting('ringside.rollup_by_loader', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' AND OLD.ring_out THEN
    PERFORM ringside_rollup_add(ARRAY[OLD.start_time], ARRAY[OLD.extension_id], ARRAY[OLD.caller_state], ARRAY[OLD.callee_state], ARRAY[OLD.to_number], -1);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.ring_out THEN
    PERFORM ringside_rollup_add(ARRAY[NEW.start_time], ARRAY[NEW.extension_id], ARRAY[NEW.caller_state], ARRAY[NEW.callee_state], ARRAY[NEW.to_number], 1);
  END IF;
  RETURN NULL;
END $fn$;
-- (The WHEN spares the bulk load's rows a call of the function each.)
CREATE TRIGGER calls_rollup AFTER INSERT OR UPDATE OR DELETE ON calls FOR EACH ROW
  WHEN (current_setting('ringside.rollup_by_loader', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION ringside_calls_rollup();
SELECT ringside_rollup_add(array_agg(start_time), array_agg(extension_id), array_agg(caller_state), array_agg(callee_state), array_agg(to_number), 1)
FROM calls WHERE ring_out HAVING count(*) > 0;

-- The whole UTC days (or quarters) inside a period: [first, last), empty when there are none.
CREATE FUNCTION ringside_whole_span(from_time timestamptz, to_time timestamptz, seconds integer, OUT first timestamptz, OUT last timestamptz)
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog AS $fn$
  SELECT least(to_timestamp(ceil(extract(epoch FROM from_time) / seconds) * seconds), to_time),
         greatest(to_timestamp(floor(extract(epoch FROM to_time) / seconds) * seconds), least(to_timestamp(ceil(extract(epoch FROM from_time) / seconds) * seconds), to_time))
$fn$;
GRANT EXECUTE ON FUNCTION ringside_whole_span(timestamptz, timestamptz, integer) TO PUBLIC;

CREATE OR REPLACE FUNCTION ringside_team_people(from_time timestamptz, to_time timestamptz)
RETURNS TABLE (extension_id text, name text, caller_state text, callee_state text, calls bigint)
LANGUAGE plpgsql STABLE SECURITY INVOKER SET jit = off SET search_path = pg_catalog, public
AS $fn$
#variable_conflict use_column
DECLARE span record := ringside_whole_span(from_time, to_time, 86400);
BEGIN
  -- The span as plain values (not a join): the calls' scans of the ends prune to their partitions.
  RETURN QUERY WITH counted AS (
    SELECT r.extension_id, r.caller_state, r.callee_state, r.calls FROM team_rollup_people r
    WHERE r.day >= span.first AND r.day < span.last
    UNION ALL
    SELECT c.extension_id, c.caller_state, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.start_time >= from_time AND c.start_time < span.first
    UNION ALL
    SELECT c.extension_id, c.caller_state, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.start_time >= span.last AND c.start_time < to_time
  )
  SELECT k.extension_id, m.name, k.caller_state, k.callee_state, sum(k.calls)::bigint FROM counted k
  LEFT JOIN team_members m ON m.extension_id = k.extension_id
  GROUP BY 1, 2, 3, 4 HAVING sum(k.calls) > 0;
END $fn$;

CREATE OR REPLACE FUNCTION ringside_team_hours(from_time timestamptz, to_time timestamptz, offset_minutes integer)
RETURNS TABLE (hour integer, caller_state text, callee_state text, calls bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET jit = off SET search_path = pg_catalog, public
AS $fn$
#variable_conflict use_column
DECLARE span record := ringside_whole_span(from_time, to_time, 900);
BEGIN
  -- An offset that is not whole quarters (no time zone has one) splits quarters: then calls alone.
  IF offset_minutes % 15 <> 0 THEN span := ringside_whole_span(to_time, to_time, 900); END IF;
  RETURN QUERY WITH counted AS (
    SELECT r.quarter AS at, r.caller_state, r.callee_state, r.calls FROM team_rollup_quarters r
    WHERE r.quarter >= span.first AND r.quarter < span.last
    UNION ALL
    SELECT c.start_time, c.caller_state, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.start_time >= from_time AND c.start_time < span.first
    UNION ALL
    SELECT c.start_time, c.caller_state, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.start_time >= span.last AND c.start_time < to_time
  )
  SELECT extract(hour FROM (k.at AT TIME ZONE 'UTC') + make_interval(mins => offset_minutes))::integer, k.caller_state, k.callee_state, sum(k.calls)::bigint
  FROM counted k GROUP BY 1, 2, 3 HAVING sum(k.calls) > 0;
END $fn$;

CREATE OR REPLACE FUNCTION ringside_team_failed_numbers(from_time timestamptz, to_time timestamptz, failed_states text[], top integer)
RETURNS TABLE (number text, callee_state text, calls bigint, all_calls bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET jit = off SET work_mem = '32MB' SET search_path = pg_catalog, public
AS $fn$
#variable_conflict use_column
DECLARE span record := ringside_whole_span(from_time, to_time, 86400);
BEGIN
  -- work_mem: a month's numbers grouped in memory rather than spilled.
  RETURN QUERY WITH counted AS (
    SELECT r.number, r.callee_state AS state, r.calls AS n FROM team_rollup_numbers r
    WHERE r.day >= span.first AND r.day < span.last
    UNION ALL
    SELECT c.to_number, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.to_number IS NOT NULL AND c.start_time >= from_time AND c.start_time < span.first
    UNION ALL
    SELECT c.to_number, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.to_number IS NOT NULL AND c.start_time >= span.last AND c.start_time < to_time
  ), by_state AS (
    SELECT k.number, k.state, sum(k.n)::bigint AS n FROM counted k GROUP BY 1, 2 HAVING sum(k.n) > 0
  ), ranked AS (
    SELECT b.number, sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) AS failed, sum(b.n) AS all_calls FROM by_state b
    GROUP BY 1 HAVING sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) > 0
    ORDER BY 2 DESC, 3 DESC, 1 LIMIT top
  )
  SELECT r.number, b.state, b.n, r.all_calls::bigint FROM ranked r JOIN by_state b ON b.number = r.number AND b.state = ANY (failed_states);
END $fn$;
`,
  },
  {
    version: 8,
    name: 'the company directory',
    sql: `
-- The company directory's people (RingCentral's directory/entries, type User), written by the
-- collector. Everyone of the team reads all of it: it is the directory RingCentral shows every
-- user, names and departments, never a call. Nobody may delete a row: a person who left keeps
-- their name on their past calls, marked by gone_since (no longer listed since then).
CREATE TABLE team_directory (
  extension_id text PRIMARY KEY,
  name text NOT NULL,
  extension_number text,
  department text,
  status text,
  gone_since timestamptz,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
GRANT SELECT ON team_directory TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
GRANT SELECT, INSERT, UPDATE ON team_directory TO ${TEAM_ROLES.collector};
-- The directory pages' ETags (an unchanged page is answered 304, REALITY 29) and when the collector last read it.
CREATE TABLE team_directory_state (
  id integer PRIMARY KEY CHECK (id = 1),
  etags text[] NOT NULL DEFAULT '{}',
  checked_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON team_directory_state TO ${TEAM_ROLES.collector};
`,
  },
  {
    version: 9,
    name: 'bulk loads: records kept as json, new months filled detached',
    sql: `
-- The records are kept as RingCentral sent them and read whole (the call model's pairing reads
-- them back into Ringside): json (checked, stored as text) costs a load half what jsonb's
-- parsing into its binary form does, and ->> still reads a field.
ALTER TABLE calls ALTER COLUMN record TYPE json USING record::json, ALTER COLUMN caller_half TYPE json USING caller_half::json;

-- A bulk load's month partition. A month new to the archive is made detached (a plain table
-- with the month's bounds as a CHECK, no index), so COPY fills it without keeping four indexes
-- up row by row; ringside_calls_partition_attach then attaches it: the parent's indexes are
-- built on it at once (sorted, not inserted one by one), and the CHECK spares the scan of its
-- bounds. A month already there is returned as it is (not detached). The advisory lock (held
-- to the end of the transaction) keeps any other writer from meeting the month half made.
CREATE FUNCTION ringside_calls_partition_for_load(at timestamptz, OUT name text, OUT detached boolean)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  next_month timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  name := format('public.calls_%s', to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM'));
  detached := false;
  IF to_regclass(name) IS NOT NULL THEN RETURN; END IF;
  PERFORM pg_advisory_xact_lock(hashtext('ringside_calls_partition'));
  -- Made by another writer while this one waited for the lock.
  IF to_regclass(name) IS NOT NULL THEN RETURN; END IF;
  EXECUTE format('CREATE TABLE %s (LIKE public.calls INCLUDING DEFAULTS, CONSTRAINT ringside_month_bounds CHECK (start_time >= %L AND start_time < %L))', name, first_day, next_month);
  EXECUTE format('GRANT SELECT, INSERT ON %s TO ${TEAM_ROLES.collector}', name);
  detached := true;
END $fn$;
REVOKE ALL ON FUNCTION ringside_calls_partition_for_load(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_calls_partition_for_load(timestamptz) TO ${TEAM_ROLES.collector};

-- Attaches the month made detached by ringside_calls_partition_for_load (and nothing else: a
-- table of that name already a partition, or not made by it, is refused).
CREATE FUNCTION ringside_calls_partition_attach(at timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
DECLARE
  first_day timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  next_month timestamptz := (date_trunc('month', at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC';
  name text := format('public.calls_%s', to_char(first_day AT TIME ZONE 'UTC', 'YYYY_MM'));
BEGIN
  IF to_regclass(name) IS NULL OR EXISTS (SELECT FROM pg_inherits WHERE inhrelid = to_regclass(name))
     OR NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass(name) AND conname = 'ringside_month_bounds') THEN
    RAISE EXCEPTION '% is not a month made detached for a load', name;
  END IF;
  EXECUTE format('ALTER TABLE public.calls ATTACH PARTITION %s FOR VALUES FROM (%L) TO (%L)', name, first_day, next_month);
  -- The partition's bounds say it now.
  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT ringside_month_bounds', name);
END $fn$;
REVOKE ALL ON FUNCTION ringside_calls_partition_attach(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_calls_partition_attach(timestamptz) TO ${TEAM_ROLES.collector};
`,
  },
  {
    version: 10,
    name: 'failed numbers rolled up per month; the bulk load adds counts',
    sql: `
-- The team's numbers per UTC day hardly shrank the calls (about 4,000 numbers and states a day
-- for 5,500 calls): grouping them was as slow as grouping the calls, and keeping them cost a
-- load as much again. Per UTC month they do shrink (about 20,000 a month for 170,000 calls):
-- a period's whole months come from this, its other days from calls.
CREATE TABLE team_rollup_numbers_monthly (
  month timestamptz NOT NULL, number text NOT NULL, callee_state text, calls bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (month, number, callee_state)
);
INSERT INTO team_rollup_numbers_monthly (month, number, callee_state, calls)
SELECT date_trunc('month', r.day, 'UTC'), r.number, r.callee_state, sum(r.calls) FROM team_rollup_numbers r GROUP BY 1, 2, 3 HAVING sum(r.calls) <> 0;

CREATE OR REPLACE FUNCTION ringside_rollup_add(at timestamptz[], extension text[], caller text[], callee text[], number text[], n integer)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  INSERT INTO team_rollup_people AS t (day, extension_id, caller_state, callee_state, calls)
  SELECT date_trunc('day', a, 'UTC'), e, cs, ce, n * count(*) FROM unnest(at, extension, caller, callee) AS u(a, e, cs, ce) GROUP BY 1, 2, 3, 4
  ON CONFLICT (day, extension_id, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_quarters AS t (quarter, caller_state, callee_state, calls)
  SELECT to_timestamp(floor(extract(epoch FROM a) / 900) * 900), cs, ce, n * count(*) FROM unnest(at, caller, callee) AS u(a, cs, ce) GROUP BY 1, 2, 3
  ON CONFLICT (quarter, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_numbers_monthly AS t (month, number, callee_state, calls)
  SELECT date_trunc('month', a, 'UTC'), num, ce, n * count(*) FROM unnest(at, number, callee) AS u(a, num, ce) WHERE num IS NOT NULL GROUP BY 1, 2, 3
  ON CONFLICT (month, number, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
$fn$;
DROP TABLE team_rollup_numbers;

-- The bulk load's roll-ups, counted by the loader: each roll-up's keys and how many calls to add.
CREATE FUNCTION ringside_rollup_add_counts(
  people_day timestamptz[], people_extension text[], people_caller text[], people_callee text[], people_calls bigint[],
  quarters_at timestamptz[], quarters_caller text[], quarters_callee text[], quarters_calls bigint[],
  numbers_month timestamptz[], numbers_number text[], numbers_callee text[], numbers_calls bigint[])
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $fn$
  INSERT INTO team_rollup_people AS t (day, extension_id, caller_state, callee_state, calls)
  SELECT * FROM unnest(people_day, people_extension, people_caller, people_callee, people_calls)
  ON CONFLICT (day, extension_id, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_quarters AS t (quarter, caller_state, callee_state, calls)
  SELECT * FROM unnest(quarters_at, quarters_caller, quarters_callee, quarters_calls)
  ON CONFLICT (quarter, caller_state, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
  INSERT INTO team_rollup_numbers_monthly AS t (month, number, callee_state, calls)
  SELECT * FROM unnest(numbers_month, numbers_number, numbers_callee, numbers_calls)
  ON CONFLICT (month, number, callee_state) DO UPDATE SET calls = t.calls + excluded.calls;
$fn$;
REVOKE ALL ON FUNCTION ringside_rollup_add_counts(timestamptz[], text[], text[], text[], bigint[], timestamptz[], text[], text[], bigint[], timestamptz[], text[], text[], bigint[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_rollup_add_counts(timestamptz[], text[], text[], text[], bigint[], timestamptz[], text[], text[], bigint[], timestamptz[], text[], text[], bigint[]) TO ${TEAM_ROLES.collector};

CREATE OR REPLACE FUNCTION ringside_team_failed_numbers(from_time timestamptz, to_time timestamptz, failed_states text[], top integer)
RETURNS TABLE (number text, callee_state text, calls bigint, all_calls bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET jit = off SET work_mem = '32MB' SET search_path = pg_catalog, public
AS $fn$
#variable_conflict use_column
DECLARE
  -- The whole UTC months inside the period: [first_month, last_month), empty when there are none.
  floor_from timestamptz := date_trunc('month', from_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  first_month timestamptz := CASE WHEN floor_from = from_time THEN from_time ELSE (date_trunc('month', from_time AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC' END;
  last_month timestamptz := date_trunc('month', to_time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
BEGIN
  IF last_month <= first_month THEN first_month := to_time; last_month := to_time; END IF;
  -- work_mem: a month's numbers grouped in memory rather than spilled.
  RETURN QUERY WITH counted AS (
    SELECT r.number, r.callee_state AS state, r.calls AS n FROM team_rollup_numbers_monthly r
    WHERE r.month >= first_month AND r.month < last_month
    UNION ALL
    SELECT c.to_number, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.to_number IS NOT NULL AND c.start_time >= from_time AND c.start_time < first_month
    UNION ALL
    SELECT c.to_number, c.callee_state, 1 FROM calls c
    WHERE c.ring_out AND c.to_number IS NOT NULL AND c.start_time >= last_month AND c.start_time < to_time
  ), by_state AS (
    SELECT k.number, k.state, sum(k.n)::bigint AS n FROM counted k GROUP BY 1, 2 HAVING sum(k.n) > 0
  ), ranked AS (
    SELECT b.number, sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) AS failed, sum(b.n) AS all_calls FROM by_state b
    GROUP BY 1 HAVING sum(b.n) FILTER (WHERE b.state = ANY (failed_states)) > 0
    ORDER BY 2 DESC, 3 DESC, 1 LIMIT top
  )
  SELECT r.number, b.state, b.n, r.all_calls::bigint FROM ranked r JOIN by_state b ON b.number = r.number AND b.state = ANY (failed_states);
END $fn$;
`,
  },
  {
    version: 11,
    name: 'who wrote a shared note, by name',
    sql: `
-- A shared note says which login wrote each field (session_user), but a person reads names by
-- extension only (team_members.role_name is the admin's). This pairs each bound login with its
-- name, the one the admin gave it or else the company directory's, and nothing more: logins are
-- no secret (pg_roles lists them to every login) and everyone reads the directory's names.
CREATE FUNCTION ringside_author_names() RETURNS TABLE (login text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $fn$
  SELECT m.role_name, coalesce(m.name, d.name) FROM team_members m LEFT JOIN team_directory d ON d.extension_id = m.extension_id
  WHERE coalesce(m.name, d.name) IS NOT NULL
$fn$;
REVOKE ALL ON FUNCTION ringside_author_names() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ringside_author_names() TO ${TEAM_ROLES.member}, ${TEAM_ROLES.lead};
`,
  },
];

export const TEAM_SCHEMA_VERSION = TEAM_MIGRATIONS[TEAM_MIGRATIONS.length - 1]!.version;

/** The archive was migrated by a newer Ringside: this one leaves it alone. */
export class NewerTeamSchemaError extends Error {
  constructor(readonly found: number) {
    super(`The team archive has schema ${found}, newer than this Ringside knows (${TEAM_SCHEMA_VERSION}): update Ringside`);
    this.name = 'NewerTeamSchemaError';
  }
}

/** A released migration was edited (its checksum differs from the one recorded when it ran): a bug in Ringside, caught before it does harm. */
export class ChangedTeamMigrationError extends Error {
  constructor(readonly version: number) {
    super(`Team archive migration ${version} differs from the one that ran on this archive: migrations must never change once released`);
    this.name = 'ChangedTeamMigrationError';
  }
}

export const migrationChecksum = (migration: TeamMigration): string => createHash('sha256').update(migration.sql).digest('hex');

/** Serialises migrations of one database (advisory locks are per database). */
const MIGRATION_LOCK = 29_0001;

/** The schema version the archive is at (0: empty). */
export async function teamSchemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ found: string | null }>("SELECT to_regclass('ringside_migrations')::text AS found");
  if (!exists.rows[0]?.found) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM ringside_migrations');
  return result.rows[0]?.version ?? 0;
}

/**
 * Brings the archive up to `target` (default: the newest), from whatever version it is at.
 * Returns the versions applied. Needs a role that may create tables and roles (the archive's owner).
 */
export async function migrateTeamArchive(client: pg.ClientBase, target = TEAM_SCHEMA_VERSION): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS ringside_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())',
    );
    const current = await teamSchemaVersion(client);
    if (current > TEAM_SCHEMA_VERSION) throw new NewerTeamSchemaError(current);
    const ran = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM ringside_migrations');
    for (const { version, checksum } of ran.rows) {
      const known = TEAM_MIGRATIONS.find((m) => m.version === version);
      if (known && migrationChecksum(known) !== checksum) throw new ChangedTeamMigrationError(version);
    }
    const applied: number[] = [];
    for (const migration of TEAM_MIGRATIONS) {
      if (migration.version <= current || migration.version > target) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO ringside_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migrationChecksum(migration),
      ]);
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
