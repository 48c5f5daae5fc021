-- What refresh administrators did, for auditors: who changed which report's interval or schedule switch, or the
-- global switch (the value before and after), who started, stopped, restarted or abandoned which refresh job
-- execution, when and on which node. Written by the same operations the REST API calls, in the same transaction as
-- a schedule change; append-only for every role, as the refresh log and the export record are.
CREATE TABLE app.admin_actions (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    acted_by     text        NOT NULL,
    acted_at     timestamptz NOT NULL DEFAULT now(),
    action       text        NOT NULL CHECK (action IN ('SET_INTERVAL', 'SET_SCHEDULE', 'SET_SCHEDULER', 'START_JOB',
                                                        'STOP_JOB', 'RESTART_JOB', 'ABANDON_JOB')),
    view_name    text,        -- the report the action is about; null when it is about no one report
    execution_id bigint,      -- the job execution started, stopped, restarted or abandoned
    old_value    text,        -- before (an interval as ISO-8601, a switch as on/off); null where nothing was before
    new_value    text,        -- after, or what was asked (a job's request, the execution a restart started)
    node_name    text        NOT NULL
);
CREATE INDEX admin_actions_acted ON app.admin_actions (acted_at DESC);
CREATE INDEX admin_actions_by_user ON app.admin_actions (acted_by, acted_at DESC);
CREATE INDEX admin_actions_by_view ON app.admin_actions (view_name, acted_at DESC);

CREATE TRIGGER admin_actions_no_update_or_delete
    BEFORE UPDATE OR DELETE ON app.admin_actions
    FOR EACH ROW EXECUTE FUNCTION app.reject_changes_to_history();

CREATE TRIGGER admin_actions_no_truncate
    BEFORE TRUNCATE ON app.admin_actions
    FOR EACH STATEMENT EXECUTE FUNCTION app.reject_changes_to_history();
