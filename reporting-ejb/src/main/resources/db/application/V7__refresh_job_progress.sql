-- Per-view progress of refresh jobs (Jakarta Batch executions of refresh-reports), for the console and the API:
-- which views of an execution are pending, running, done, failed or skipped. Working state, not audit evidence
-- (that is app.refresh_log, whose rows carry the same execution id), so rows are updated as views progress.
CREATE TABLE app.refresh_job_views (
    execution_id        bigint      NOT NULL,
    view_name           text        NOT NULL,
    position            int         NOT NULL,                      -- place in dependency order
    state               text        NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    outcome             text,                                      -- the refresh log outcome, once there is one
    done_in_execution   bigint,                                    -- for a restart: the execution that did it
    started_at          timestamptz,
    finished_at         timestamptz,
    PRIMARY KEY (execution_id, view_name)
);
CREATE INDEX refresh_job_views_newest ON app.refresh_job_views (execution_id DESC);
