-- Tamper evidence for the three records (the refresh log, the export record, the admin-action record): a hash chain
-- over each, sealed in commit order by one sealer at a time, so that a row altered, removed or slipped in afterwards
-- is found by recomputing the chain (docs/integrity.md has the canonical form, to recompute it with psql and
-- sha256sum). A link's hash covers the link before it, its own position and the row's whole content.

-- Rows written but not sealed yet: every insert into a record adds one, in the writer's transaction, so a row becomes
-- visible to the sealer exactly when it commits. The sealer takes them in, links them and removes them.
CREATE TABLE app.record_unsealed (
    record text   NOT NULL CHECK (record IN ('refresh_log', 'report_exports', 'admin_actions')),
    row_id bigint NOT NULL,
    PRIMARY KEY (record, row_id)
);

-- The chains: one link per sealed row, in sealing order. A link keeps its position and its predecessor's hash,
-- since the order rows commit in is not the order of their ids.
CREATE TABLE app.record_chain (
    record    text        NOT NULL CHECK (record IN ('refresh_log', 'report_exports', 'admin_actions')),
    position  bigint      NOT NULL CHECK (position > 0),
    row_id    bigint      NOT NULL,
    previous  text        NOT NULL,   -- the hash of the link before (64 zeros before the first)
    hash      text        NOT NULL,   -- SHA-256, hex, of previous, position, record and the row's canonical form
    sealed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (record, position),
    UNIQUE (record, row_id)
);

CREATE TRIGGER record_chain_no_update_or_delete
    BEFORE UPDATE OR DELETE ON app.record_chain
    FOR EACH ROW EXECUTE FUNCTION app.reject_changes_to_history();

CREATE TRIGGER record_chain_no_truncate
    BEFORE TRUNCATE ON app.record_chain
    FOR EACH STATEMENT EXECUTE FUNCTION app.reject_changes_to_history();

-- Every insert into a record waits to be sealed.
CREATE FUNCTION app.await_sealing() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS
$$
BEGIN
    INSERT INTO app.record_unsealed (record, row_id) VALUES (TG_ARGV[0], NEW.id);
    RETURN NULL;
END
$$;

CREATE TRIGGER refresh_log_awaits_sealing
    AFTER INSERT ON app.refresh_log
    FOR EACH ROW EXECUTE FUNCTION app.await_sealing('refresh_log');

CREATE TRIGGER report_exports_await_sealing
    AFTER INSERT ON app.report_exports
    FOR EACH ROW EXECUTE FUNCTION app.await_sealing('report_exports');

CREATE TRIGGER admin_actions_await_sealing
    AFTER INSERT ON app.admin_actions
    FOR EACH ROW EXECUTE FUNCTION app.await_sealing('admin_actions');

-- The canonical form of a row, independent of every session setting (docs/integrity.md). These functions name only
-- pg_catalog's functions and operators (always searched first) and app's, qualified, and set no search_path, so that
-- PostgreSQL inlines them into the queries that use them: a million rows are put in canonical form in seconds. A
-- version line, then each column in table order as one field: its length in bytes, a colon, its text, a newline; "-" and a newline for a NULL. Times are UTC
-- ISO-8601 with microseconds, numbers and booleans as PostgreSQL writes them as text (true/false), a text array as
-- its element count and then each element as a field.
CREATE FUNCTION app.chain_field(value text) RETURNS text
    LANGUAGE sql
    IMMUTABLE
AS
$$
SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(value)::text || ':' || value END || E'\n'
$$;

CREATE FUNCTION app.chain_time(value timestamptz) RETURNS text
    LANGUAGE sql
    STABLE
AS
$$
SELECT app.chain_field(to_char(value AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
$$;

CREATE FUNCTION app.chain_texts(value text[]) RETURNS text
    LANGUAGE sql
    STABLE
AS
$$
SELECT CASE WHEN value IS NULL THEN app.chain_field(NULL)
            ELSE app.chain_field(cardinality(value)::text)
                     || coalesce((SELECT string_agg(app.chain_field(element), '' ORDER BY n)
                                  FROM unnest(value) WITH ORDINALITY AS e(element, n)), '') END
$$;

CREATE FUNCTION app.refresh_log_canonical(r app.refresh_log) RETURNS text
    LANGUAGE sql
    STABLE
AS
$$
SELECT 'mvreports refresh_log 1' || E'\n'
           || app.chain_field(r.id::text) || app.chain_field(r.view_schema) || app.chain_field(r.view_name)
           || app.chain_field(r.outcome) || app.chain_field(r.mode) || app.chain_field(r.trigger_kind)
           || app.chain_field(r.triggered_by) || app.chain_field(r.job_execution_id::text)
           || app.chain_time(r.started_at) || app.chain_time(r.finished_at) || app.chain_field(r.row_count::text)
           || app.chain_field(r.error_message) || app.chain_field(r.sql_state) || app.chain_field(r.upstream_view)
           || app.chain_field(r.node_name) || app.chain_field(r.definition_hash)
           || app.chain_field(r.source_snapshot::text) || app.chain_field(r.forced::text)
           || app.chain_field(r.definition_changed::text)
$$;

CREATE FUNCTION app.report_exports_canonical(r app.report_exports) RETURNS text
    LANGUAGE sql
    STABLE
AS
$$
SELECT 'mvreports report_exports 1' || E'\n'
           || app.chain_field(r.id::text) || app.chain_field(r.exported_by) || app.chain_field(r.view_schema)
           || app.chain_field(r.view_name) || app.chain_field(r.format) || app.chain_texts(r.sort)
           || app.chain_texts(r.filters) || app.chain_field(r.outcome) || app.chain_field(r.row_count::text)
           || app.chain_time(r.data_as_of) || app.chain_time(r.started_at) || app.chain_time(r.finished_at)
           || app.chain_field(r.node_name) || app.chain_field(r.error_message)
$$;

CREATE FUNCTION app.admin_actions_canonical(r app.admin_actions) RETURNS text
    LANGUAGE sql
    STABLE
AS
$$
SELECT 'mvreports admin_actions 1' || E'\n'
           || app.chain_field(r.id::text) || app.chain_field(r.acted_by) || app.chain_time(r.acted_at)
           || app.chain_field(r.action) || app.chain_field(r.view_name) || app.chain_field(r.execution_id::text)
           || app.chain_field(r.old_value) || app.chain_field(r.new_value) || app.chain_field(r.node_name)
$$;

-- A link's hash: SHA-256 (hex) of the previous link's hash, the position, the record's name and the row's canonical
-- form, each followed by a newline except the last.
CREATE FUNCTION app.chain_hash(previous text, chain_position bigint, record text, canonical text) RETURNS text
    LANGUAGE sql
    IMMUTABLE
AS
$$
SELECT encode(sha256(convert_to(previous || E'\n' || chain_position::text || E'\n' || record || E'\n' || canonical,
                                'UTF8')), 'hex')
$$;

-- The sealer: links up to batch committed, unsealed rows of each record to its chain, lowest id first, and says
-- how many it sealed in all (a caller calls again while that is batch or more: each call is a short transaction). One sealer at a time (a transaction-level advisory lock), in READ COMMITTED, so that after the lock
-- each statement sees the links the sealer before it committed: two sealers never fork a chain. Writers never wait
-- for it; a row committed while it runs is sealed by the next one. A row whose wait for sealing is visible but that
-- is itself gone was removed before it was sealed: it stays waiting, and verification names it.
CREATE FUNCTION app.seal_records(batch integer) RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog
AS
$$
DECLARE
    sealed        integer := 0;
    chain         text;
    tail_position bigint;
    tail_hash     text;
    previous_hash text;
    waiting       bigint;
    canonical     text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'records are sealed in READ COMMITTED only, so that the sealer sees the latest link';
    END IF;
    PERFORM pg_advisory_xact_lock(7410259635211620865); -- "mvreports record sealer"
    FOREACH chain IN ARRAY ARRAY ['refresh_log', 'report_exports', 'admin_actions']
        LOOP
            SELECT c.position, c.hash
            INTO tail_position, tail_hash
            FROM app.record_chain c
            WHERE c.record = chain
            ORDER BY c.position DESC
            LIMIT 1;
            tail_position := coalesce(tail_position, 0);
            tail_hash := coalesce(tail_hash, repeat('0', 64));
            FOR waiting, canonical IN
                SELECT u.row_id,
                       CASE chain
                           WHEN 'refresh_log' THEN (SELECT app.refresh_log_canonical(r)
                                                    FROM app.refresh_log r WHERE r.id = u.row_id)
                           WHEN 'report_exports' THEN (SELECT app.report_exports_canonical(r)
                                                       FROM app.report_exports r WHERE r.id = u.row_id)
                           ELSE (SELECT app.admin_actions_canonical(r)
                                 FROM app.admin_actions r WHERE r.id = u.row_id) END
                FROM (SELECT w.row_id
                      FROM app.record_unsealed w
                      WHERE w.record = chain
                      ORDER BY w.row_id
                      LIMIT batch) u
                ORDER BY u.row_id
                LOOP
                    CONTINUE WHEN canonical IS NULL;
                    previous_hash := tail_hash;
                    tail_position := tail_position + 1;
                    tail_hash := app.chain_hash(previous_hash, tail_position, chain, canonical);
                    INSERT INTO app.record_chain (record, position, row_id, previous, hash)
                    VALUES (chain, tail_position, waiting, previous_hash, tail_hash);
                    DELETE FROM app.record_unsealed u WHERE u.record = chain AND u.row_id = waiting;
                    sealed := sealed + 1;
                END LOOP;
        END LOOP;
    RETURN sealed;
END
$$;

-- The rows written before the chains existed wait for their first sealing like any new row.
INSERT INTO app.record_unsealed (record, row_id)
SELECT 'refresh_log', id FROM app.refresh_log
UNION ALL
SELECT 'report_exports', id FROM app.report_exports
UNION ALL
SELECT 'admin_actions', id FROM app.admin_actions;

-- What verification reads of a chain: each link in order, with the canonical form of its row as the row is now
-- (null when the row is gone: the outer join's row of nulls is not null itself, so it is tested by its id).
CREATE FUNCTION app.chain_links(chain text)
    RETURNS TABLE (chain_position bigint, row_id bigint, previous text, hash text, canonical text)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog
AS
$$
SELECT c.position, c.row_id, c.previous, c.hash, CASE WHEN r.id IS NOT NULL THEN app.refresh_log_canonical(r) END
FROM app.record_chain c
LEFT JOIN app.refresh_log r ON r.id = c.row_id
WHERE chain = 'refresh_log' AND c.record = chain
UNION ALL
SELECT c.position, c.row_id, c.previous, c.hash, CASE WHEN r.id IS NOT NULL THEN app.report_exports_canonical(r) END
FROM app.record_chain c
LEFT JOIN app.report_exports r ON r.id = c.row_id
WHERE chain = 'report_exports' AND c.record = chain
UNION ALL
SELECT c.position, c.row_id, c.previous, c.hash, CASE WHEN r.id IS NOT NULL THEN app.admin_actions_canonical(r) END
FROM app.record_chain c
LEFT JOIN app.admin_actions r ON r.id = c.row_id
WHERE chain = 'admin_actions' AND c.record = chain
ORDER BY 1
$$;

-- Rows of a record outside its chain that should not be: SLIPPED_IN, a row neither sealed nor waiting to be (written
-- with the record's triggers off); MISSING, a row waiting to be sealed that is gone.
CREATE FUNCTION app.chain_strays(chain text)
    RETURNS TABLE (row_id bigint, kind text)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog
AS
$$
SELECT r.id, 'SLIPPED_IN'
FROM (SELECT id FROM app.refresh_log WHERE chain = 'refresh_log'
      UNION ALL
      SELECT id FROM app.report_exports WHERE chain = 'report_exports'
      UNION ALL
      SELECT id FROM app.admin_actions WHERE chain = 'admin_actions') r
WHERE NOT EXISTS (SELECT FROM app.record_chain c WHERE c.record = chain AND c.row_id = r.id)
  AND NOT EXISTS (SELECT FROM app.record_unsealed u WHERE u.record = chain AND u.row_id = r.id)
UNION ALL
SELECT u.row_id, 'MISSING'
FROM app.record_unsealed u
WHERE u.record = chain
  AND NOT EXISTS (SELECT FROM app.refresh_log r WHERE chain = 'refresh_log' AND r.id = u.row_id)
  AND NOT EXISTS (SELECT FROM app.report_exports r WHERE chain = 'report_exports' AND r.id = u.row_id)
  AND NOT EXISTS (SELECT FROM app.admin_actions r WHERE chain = 'admin_actions' AND r.id = u.row_id)
ORDER BY 1
$$;
