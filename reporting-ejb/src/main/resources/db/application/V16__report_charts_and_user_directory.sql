-- Charts where people would rather look than read (the "chart:" line of the comment convention), and a per-user
-- report large enough to matter: at REPORTING_DEMO_SCALE=2000000 it has two million rows, so that paging deep into a
-- report and exporting all of it are measured on real sizes.

COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
'title: Signups per month
description: New user accounts per calendar month (UTC).
refresh-interval: 1 hour
chart: bar x=month y=signups';

COMMENT ON MATERIALIZED VIEW reports.daily_uploads IS
'title: Uploads per day
description: Number and volume of uploads per day (UTC).
refresh-interval: 15 minutes
chart: line x=day y=uploads';

COMMENT ON MATERIALIZED VIEW reports.weekly_uploads IS
'title: Uploads per week
description: Number and volume of uploads per ISO week (weeks start on Monday).
refresh-interval: 1 hour
chart: line x=week_start y=uploads';

COMMENT ON MATERIALIZED VIEW reports.monthly_uploads IS
'title: Uploads per month
description: Number and volume of uploads per calendar month, and on how many days anything was uploaded.
refresh-interval: 1 hour
chart: bar x=month y=uploads';

CREATE MATERIALIZED VIEW reports.user_directory AS
SELECT users.id                                      AS user_id,
       users.email,
       users.full_name,
       (users.joined_at AT TIME ZONE 'UTC')::date    AS joined_on,
       users.joined_at
FROM demo.users
WITH NO DATA;

CREATE UNIQUE INDEX user_directory_user ON reports.user_directory (user_id);

COMMENT ON MATERIALIZED VIEW reports.user_directory IS
'title: User directory
description: Every user account with when it was created.
refresh-interval: 1 day';
