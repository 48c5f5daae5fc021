-- Adding and removing an alert webhook are administrators' actions, recorded like the others: who, when, and which
-- receiver (its scheme and host only: a webhook's path often holds the receiver's own secret token).
ALTER TABLE app.admin_actions DROP CONSTRAINT admin_actions_action_check;
ALTER TABLE app.admin_actions ADD CONSTRAINT admin_actions_action_check
    CHECK (action IN ('SET_INTERVAL', 'SET_SCHEDULE', 'SET_SCHEDULER', 'START_JOB', 'STOP_JOB', 'RESTART_JOB',
                      'ABANDON_JOB', 'ADD_WEBHOOK', 'REMOVE_WEBHOOK'));
