-- Alerts: refresh administrators' webhooks, the events that are alerted (one per change of a report's condition,
-- and one per failed job or failed verification), and each event's delivery to each webhook with every attempt.
-- Several nodes share these: a condition change is recorded by whichever node sees it first (the primary key of
-- alert_conditions lets one insert or delete win), and a delivery is claimed by one node at a time (FOR UPDATE
-- SKIP LOCKED, then a lease), so an event is sent once per webhook however many nodes run.

CREATE TABLE app.alert_webhooks (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url         text        NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
    secret      text        CHECK (length(secret) BETWEEN 16 AND 200), -- signs the body; never shown again
    events      text[]      NOT NULL CHECK (cardinality(events) > 0
                                            AND events <@ ARRAY['VIEW_FAILED', 'JOB_FAILED', 'REPORT_STALE',
                                                                'REPORT_RECOVERED', 'VERIFICATION_FAILED']),
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The conditions reports are in now, as far as alerts go: a row while a report's latest refresh failed (FAILED) or
-- while it is older than its agreed interval (STALE), and while the latest verification found the records' chains
-- broken (BROKEN, view_name '(records)'). Entering one is an alert, leaving FAILED or STALE a "recovered" one.
CREATE TABLE app.alert_conditions (
    view_name  text        NOT NULL,
    condition  text        NOT NULL CHECK (condition IN ('FAILED', 'STALE', 'BROKEN')),
    since      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (view_name, condition)
);

CREATE TABLE app.alert_events (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('VIEW_FAILED', 'JOB_FAILED', 'REPORT_STALE', 'REPORT_RECOVERED',
                                                      'VERIFICATION_FAILED')),
    reports      text[]      NOT NULL DEFAULT '{}', -- one, or the reports of a digest
    state        text,                              -- the report's condition: FAILED, STALE, or what it recovered from
    error        text,                              -- PostgreSQL's message of a failed refresh, a job's exit status
    data_as_of   timestamptz,
    execution_id bigint,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    node_name    text        NOT NULL,
    UNIQUE (kind, execution_id)                     -- a failed job is one event, whichever node saw it end
);
CREATE INDEX alert_events_occurred ON app.alert_events (occurred_at DESC);

CREATE TABLE app.alert_deliveries (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        bigint      NOT NULL REFERENCES app.alert_events ON DELETE CASCADE,
    webhook_id      bigint      NOT NULL REFERENCES app.alert_webhooks ON DELETE CASCADE,
    outcome         text        NOT NULL DEFAULT 'PENDING' CHECK (outcome IN ('PENDING', 'DELIVERED', 'GAVE_UP')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(), -- also the lease of a node sending it
    UNIQUE (event_id, webhook_id)
);
CREATE INDEX alert_deliveries_due ON app.alert_deliveries (next_attempt_at) WHERE outcome = 'PENDING';

CREATE TABLE app.alert_attempts (
    delivery_id  bigint      NOT NULL REFERENCES app.alert_deliveries ON DELETE CASCADE,
    attempt      int         NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    status       int,        -- the receiver's HTTP status; null when none came (refused, timed out)
    problem      text,       -- why it did not count as delivered, in our words (never the receiver's body)
    duration_ms  bigint      NOT NULL,
    node_name    text        NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
