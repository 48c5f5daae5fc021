-- Why a view of a refresh job failed, shown with its progress (the console shows it inline; the API's status has
-- it): PostgreSQL's message and SQLSTATE, as the view's refresh log row has them.
ALTER TABLE app.refresh_job_views ADD COLUMN error_message text;
ALTER TABLE app.refresh_job_views ADD COLUMN sql_state text;
