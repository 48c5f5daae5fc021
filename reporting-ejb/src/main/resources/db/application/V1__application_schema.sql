-- The application's own tables: sign-in accounts and the append-only refresh log.

CREATE TABLE app.accounts (
    username       text        PRIMARY KEY,
    password_hash  text        NOT NULL,          -- PBKDF2, in the format Jakarta Security's Pbkdf2PasswordHash writes
    display_name   text        NOT NULL,
    enabled        boolean     NOT NULL DEFAULT true,
    demo           boolean     NOT NULL DEFAULT false, -- demo accounts are disabled when REPORTING_DEMO_DATA=false
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.account_roles (
    username  text NOT NULL REFERENCES app.accounts (username) ON DELETE CASCADE,
    role      text NOT NULL CHECK (role IN ('report-viewer', 'refresh-admin', 'auditor')),
    PRIMARY KEY (username, role)
);

-- One row per view per refresh attempt. Auditors read it; nobody may change it once written.
CREATE TABLE app.refresh_log (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    view_schema       text        NOT NULL,
    view_name         text        NOT NULL,
    outcome           text        NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'SKIPPED_UNCHANGED',
                                                              'SKIPPED_UPSTREAM_FAILED', 'SKIPPED_BUSY')),
    mode              text        CHECK (mode IN ('CONCURRENT', 'PLAIN')),   -- null when nothing was refreshed
    trigger_kind      text        NOT NULL CHECK (trigger_kind IN ('STARTUP', 'SCHEDULE', 'USER', 'API')),
    triggered_by      text,                                                  -- user or API client name
    job_execution_id  bigint,                                                -- Jakarta Batch execution, when run by a job
    started_at        timestamptz NOT NULL,
    finished_at       timestamptz NOT NULL,
    duration_ms       bigint      GENERATED ALWAYS AS
                          ((extract(epoch FROM (finished_at - started_at)) * 1000)::bigint) STORED,
    row_count         bigint,                                                -- rows in the view after the refresh
    error_message     text,
    sql_state         text,
    upstream_view     text,                                                  -- for SKIPPED_UPSTREAM_FAILED: the failed view
    node_name         text        NOT NULL,
    definition_hash   text,                                                  -- SHA-256 of pg_get_viewdef at refresh time
    CHECK (finished_at >= started_at),
    CHECK ((outcome = 'FAILED') = (error_message IS NOT NULL))
);

CREATE INDEX refresh_log_view_finished ON app.refresh_log (view_schema, view_name, finished_at DESC);
CREATE INDEX refresh_log_last_success ON app.refresh_log (view_schema, view_name, finished_at DESC)
    WHERE outcome = 'SUCCEEDED';
CREATE INDEX refresh_log_started ON app.refresh_log (started_at DESC);

-- Append-only, enforced by the database: the application's own role owns this table, so REVOKE alone would not
-- bind it; these triggers do, for every role, including for TRUNCATE.
CREATE FUNCTION app.refresh_log_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'the refresh log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'refresh history is audit evidence; add a new row instead';
END
$$;

CREATE TRIGGER refresh_log_no_update_or_delete
    BEFORE UPDATE OR DELETE ON app.refresh_log
    FOR EACH ROW EXECUTE FUNCTION app.refresh_log_is_append_only();

CREATE TRIGGER refresh_log_no_truncate
    BEFORE TRUNCATE ON app.refresh_log
    FOR EACH STATEMENT EXECUTE FUNCTION app.refresh_log_is_append_only();
