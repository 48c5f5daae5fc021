-- What auditors browse: one plain view over each append-only record, with the columns in the order people read them
-- and named for people (the report browser labels a column by its name). The browser reads these views with the
-- same query builder, paging, filters and exports as reports; a view of this kind only renames and reorders, so
-- PostgreSQL pushes every filter and order down to the record's own indexes.

-- Whether a refresh saw another definition than the report's previous successful refresh (null: there was none, or
-- the attempt never read its definition). Kept with the row, written by the same insert, so that the history's
-- "definition changed" filter reads an index instead of comparing every row with its predecessor.
ALTER TABLE app.refresh_log ADD COLUMN definition_changed boolean;

-- Filling the new column in for the rows already written is the only change ever made to existing rows: their
-- recorded columns stay as they were. The append-only trigger is off for this one statement, inside this
-- migration's transaction.
ALTER TABLE app.refresh_log DISABLE TRIGGER refresh_log_no_update_or_delete;
UPDATE app.refresh_log r
SET definition_changed = (SELECT previous.definition_hash <> r.definition_hash
                          FROM app.refresh_log previous
                          WHERE previous.view_schema = r.view_schema
                            AND previous.view_name = r.view_name
                            AND previous.outcome = 'SUCCEEDED'
                            AND (previous.finished_at, previous.id) < (r.finished_at, r.id)
                          ORDER BY previous.finished_at DESC, previous.id DESC
                          LIMIT 1)
WHERE r.definition_hash IS NOT NULL;
ALTER TABLE app.refresh_log ENABLE TRIGGER refresh_log_no_update_or_delete;

-- The history's order (newest first, the id breaking ties) and its filters, each with that order after it, so a
-- filtered page is an index seek however long the log grows.
DROP INDEX app.refresh_log_started;
CREATE INDEX refresh_log_newest ON app.refresh_log (started_at DESC, id DESC);
CREATE INDEX refresh_log_by_report ON app.refresh_log (view_name, started_at DESC, id DESC);
CREATE INDEX refresh_log_by_outcome ON app.refresh_log (outcome, started_at DESC, id DESC);
CREATE INDEX refresh_log_by_report_and_outcome ON app.refresh_log (view_name, outcome, started_at DESC, id DESC);
CREATE INDEX refresh_log_by_user ON app.refresh_log (triggered_by, started_at DESC, id DESC);
CREATE INDEX refresh_log_by_execution ON app.refresh_log (job_execution_id, started_at DESC, id DESC);
CREATE INDEX refresh_log_definition_changed ON app.refresh_log (started_at DESC, id DESC)
    WHERE definition_changed;

DROP INDEX app.report_exports_started;
CREATE INDEX report_exports_newest ON app.report_exports (started_at DESC, id DESC);
CREATE INDEX report_exports_by_report ON app.report_exports (view_name, started_at DESC, id DESC);

DROP INDEX app.admin_actions_acted;
CREATE INDEX admin_actions_newest ON app.admin_actions (acted_at DESC, id DESC);

CREATE VIEW app.refresh_history AS
SELECT id,
       started_at,
       view_name           AS report,
       outcome,
       trigger_kind        AS trigger,
       triggered_by,
       forced,
       mode,
       row_count           AS rows_after,
       duration_ms,
       finished_at,
       node_name           AS node,
       job_execution_id    AS execution,
       sql_state,
       error_message       AS error,
       upstream_view       AS failed_upstream,
       definition_hash,
       definition_changed,
       view_schema         AS report_schema
FROM app.refresh_log;

COMMENT ON VIEW app.refresh_history IS
'title: Refresh history
description: Every refresh attempt of every report, newest first: how it ended, who or what started it, and how long it took.
format: id=plain, execution=plain, duration_ms=0';

CREATE VIEW app.export_history AS
SELECT id,
       started_at,
       exported_by,
       view_name                       AS report,
       format,
       array_to_string(filters, '; ') AS filters,
       array_to_string(sort, ', ')    AS sort,
       row_count                       AS rows,
       data_as_of,
       outcome,
       finished_at,
       node_name                       AS node,
       error_message                   AS error,
       view_schema                     AS report_schema
FROM app.report_exports;

COMMENT ON VIEW app.export_history IS
'title: Export record
description: Every export of a report or a record: who exported what, in which format, with which filters, how many rows, the time the data was from, and how it ended.
format: id=plain';

CREATE VIEW app.admin_action_history AS
SELECT id,
       acted_at,
       acted_by,
       action,
       view_name    AS report,
       execution_id AS execution,
       old_value,
       new_value,
       node_name    AS node
FROM app.admin_actions;

COMMENT ON VIEW app.admin_action_history IS
'title: Admin actions
description: What refresh administrators did: intervals and schedule switches changed (before and after), refresh jobs started, stopped, restarted or abandoned.
format: id=plain, execution=plain';
