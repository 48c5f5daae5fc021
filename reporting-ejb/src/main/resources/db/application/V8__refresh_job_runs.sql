-- Which node runs which refresh job execution, and when it last showed life. Jakarta Batch's repository does not
-- say which node runs an execution, so an execution whose node died would look STARTED for ever; StaleJobRecovery
-- uses this table to find such executions and mark them FAILED (restartable).
CREATE TABLE app.refresh_job_runs (
    execution_id  bigint      PRIMARY KEY,
    node_name     text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now()
);
