-- "Skip unchanged" (DESIGN.md, refresh semantics): which source tables changed, recorded so that writers never
-- wait for each other and a refresh can tell, from the snapshot it read, whether a change was already in it.
--
-- Each transaction that writes a tracked table adds one row here (per table), stamped with its transaction id.
-- The row is written in the writer's own transaction: it exists exactly when the write committed. A refresh
-- records pg_current_snapshot(); later, a change row whose xid is not visible in that snapshot is a change the
-- refresh did not see. Nothing is ever updated in place, so writers take no row lock in common: the cost to a
-- writer is one small insert per table per transaction (measured in BENCHMARKS.md).

CREATE TABLE app.source_changes (
    relation_oid  oid  NOT NULL,                          -- the table (or, for a refresh, the materialized view)
    xid           xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX source_changes_relation ON app.source_changes (relation_oid, xid);

-- The snapshot each successful refresh read; NULL for other outcomes and for rows from before this version.
ALTER TABLE app.refresh_log ADD COLUMN source_snapshot pg_snapshot;
-- Whether the refresh was forced (refreshed even though nothing it reads had changed).
ALTER TABLE app.refresh_log ADD COLUMN forced boolean NOT NULL DEFAULT false;

-- The statement-level trigger function installed on every source table of every report (by the application,
-- see ChangeTracking). SECURITY DEFINER so that roles writing the tables need no privilege on app.source_changes.
CREATE FUNCTION app.record_source_change() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, app
AS
$$
BEGIN
    -- Once per table per transaction: a transaction's later statements add nothing a refresh needs to know.
    -- The marker is transaction-local and is undone with a rolled-back savepoint, like the row it stands for.
    IF current_setting('mvreports.changed_' || TG_RELID, true) IS DISTINCT FROM 'y' THEN
        INSERT INTO app.source_changes (relation_oid) VALUES (TG_RELID);
        PERFORM set_config('mvreports.changed_' || TG_RELID, 'y', true);
    END IF;
    RETURN NULL;
END
$$;
