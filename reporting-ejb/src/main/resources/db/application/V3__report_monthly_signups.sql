-- Seed 000: sign-ups per month. Months are cut in UTC so the view does not depend on a session's time zone.
CREATE MATERIALIZED VIEW reports.monthly_signups AS
SELECT date_trunc('month', joined_at AT TIME ZONE 'UTC')::date AS month,
       count(*)                                                AS signups
FROM demo.users
GROUP BY 1
WITH NO DATA;

CREATE UNIQUE INDEX monthly_signups_month ON reports.monthly_signups (month);

COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
'title: Signups per month
description: New user accounts per calendar month (UTC).
refresh-interval: 1 hour';
