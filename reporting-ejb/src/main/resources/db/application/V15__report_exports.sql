-- Every export of a report, for auditors (DESIGN.md: "Every export is recorded append-only"): who exported which
-- report, in which format, with which sort and filters, how many rows, the time the data was from, when, and how it
-- ended (a client that went away cancels its export). Written by the history feature when an export ends.
CREATE TABLE app.report_exports (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exported_by   text        NOT NULL,
    view_schema   text        NOT NULL,
    view_name     text        NOT NULL,
    format        text        NOT NULL CHECK (format IN ('CSV', 'XLSX')),
    sort          text[]      NOT NULL,                         -- as the API writes it: col or -col
    filters       text[]      NOT NULL,                         -- as the API writes them: col:op:value
    outcome       text        NOT NULL CHECK (outcome IN ('COMPLETED', 'CANCELLED', 'FAILED')),
    row_count     bigint,                                       -- rows written; null when unknown
    data_as_of    timestamptz,                                  -- the start of the refresh the rows came from
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    node_name     text        NOT NULL,
    error_message text,
    CHECK (finished_at >= started_at)
);
CREATE INDEX report_exports_started ON app.report_exports (started_at DESC);
CREATE INDEX report_exports_by_user ON app.report_exports (exported_by, started_at DESC);
CREATE INDEX report_exports_by_view ON app.report_exports (view_schema, view_name, started_at DESC);

-- Append-only, enforced by the database for every role, as the refresh log is.
CREATE FUNCTION app.reject_changes_to_history() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'history is audit evidence; add a new row instead';
END
$$;

CREATE TRIGGER report_exports_no_update_or_delete
    BEFORE UPDATE OR DELETE ON app.report_exports
    FOR EACH ROW EXECUTE FUNCTION app.reject_changes_to_history();

CREATE TRIGGER report_exports_no_truncate
    BEFORE TRUNCATE ON app.report_exports
    FOR EACH STATEMENT EXECUTE FUNCTION app.reject_changes_to_history();
