-- Restarting a refresh job execution no longer goes through the batch runtime's restart: Payara lets only the
-- component that started a job instance restart (or even read) it, and that component is gone once the node that
-- ran it stopped or the application was redeployed. A restart is now a new execution that resumes a FAILED or
-- STOPPED one: it skips the views that execution and the ones it resumed in turn finished.
--
-- One row per restarted execution: an execution is restarted at most once (the primary key makes two concurrent
-- restarts of it one restart and one 409). The row is written before the new execution starts, so restarted_as is
-- null for that moment; a claim left without it for a minute (its node died in between) can be taken again.
CREATE TABLE app.refresh_job_restarts (
    restarted_execution_id  bigint      PRIMARY KEY,
    restarted_as            bigint      UNIQUE,
    requested_by            text        NOT NULL,
    requested_at            timestamptz NOT NULL DEFAULT now()
);

-- Restarts the batch runtime made before: executions of one job instance, each resuming the one before it.
INSERT INTO app.refresh_job_restarts (restarted_execution_id, restarted_as, requested_by, requested_at)
SELECT previous, execution_id, 'batch runtime restart', started_at
FROM (SELECT execution_id, started_at,
             lag(execution_id) OVER (PARTITION BY job_instance_id ORDER BY execution_id) AS previous
      FROM app.refresh_job_runs
      WHERE job_instance_id IS NOT NULL) runs
WHERE previous IS NOT NULL;

DROP INDEX app.refresh_job_runs_instance;
ALTER TABLE app.refresh_job_runs DROP COLUMN job_instance_id;

-- The catalog's object id of each planned view. A migration redefines a materialized view by dropping and creating
-- it, which gives it a new id; a restart counts a view as finished earlier only if it is still the same object.
-- Rows planned before this column existed have none, so their views are refreshed again by a restart (safe).
ALTER TABLE app.refresh_job_views ADD COLUMN view_oid bigint;
