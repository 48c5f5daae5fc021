-- The Jakarta Batch job instance of each registered execution: a restart is a new execution of the same instance,
-- and it skips the views the instance's earlier executions finished. Keeping the instance here lets the job find
-- those in one query instead of asking the batch repository first. Executions registered before this column
-- existed have none; restarting one of them refreshes all of its views again, which is safe.
ALTER TABLE app.refresh_job_runs ADD COLUMN job_instance_id bigint;
CREATE INDEX refresh_job_runs_instance ON app.refresh_job_runs (job_instance_id);
