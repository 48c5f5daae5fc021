-- The scheduler asks every minute which views a job still has to do or is doing. Those rows are few and the table
-- keeps every execution's progress, so they get a partial index of their own.
CREATE INDEX refresh_job_views_open ON app.refresh_job_views (execution_id) WHERE state IN ('PENDING', 'RUNNING');

-- A stop asked for on a node that does not run the execution: the batch runtime can only stop executions of its own
-- JVM, so the request is written here and the running node's job reads it between views.
ALTER TABLE app.refresh_job_runs ADD COLUMN stop_requested boolean NOT NULL DEFAULT false;
