-- The schedule: an admin's changes to each report's agreed refresh interval (NULL: the interval of the report's
-- SQL file) and whether it is scheduled at all, plus a global switch. Claims record which reports a scheduler
-- started a job for, so that with several nodes a due report is started once.
CREATE TABLE app.report_schedules (
    view_name         text        PRIMARY KEY,
    refresh_interval  interval    CHECK (refresh_interval > interval '0'),
    enabled           boolean     NOT NULL DEFAULT true,
    updated_by        text        NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.scheduler_settings (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    enabled     boolean     NOT NULL DEFAULT true,
    updated_by  text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO app.scheduler_settings (enabled) VALUES (true);

CREATE TABLE app.schedule_claims (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    view_name     text        NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    node_name     text        NOT NULL,
    execution_id  bigint
);
CREATE INDEX schedule_claims_view ON app.schedule_claims (view_name, claimed_at DESC);
