-- Totals under the table where a person adds the column up anyway (the "totals:" line of the comment convention):
-- summed over every row the user's filters leave, not only the page shown.

COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
'title: Signups per month
description: New user accounts per calendar month (UTC).
refresh-interval: 1 hour
chart: bar x=month y=signups
totals: signups';

COMMENT ON MATERIALIZED VIEW reports.daily_uploads IS
'title: Uploads per day
description: Number and volume of uploads per day (UTC).
refresh-interval: 15 minutes
chart: line x=day y=uploads
totals: uploads, total_bytes';

COMMENT ON MATERIALIZED VIEW reports.weekly_uploads IS
'title: Uploads per week
description: Number and volume of uploads per ISO week (weeks start on Monday).
refresh-interval: 1 hour
chart: line x=week_start y=uploads
totals: uploads, total_bytes';

COMMENT ON MATERIALIZED VIEW reports.monthly_uploads IS
'title: Uploads per month
description: Number and volume of uploads per calendar month, and on how many days anything was uploaded.
refresh-interval: 1 hour
chart: bar x=month y=uploads
totals: uploads, total_bytes, active_days';
