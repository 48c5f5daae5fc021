-- A diamond: daily_uploads feeds weekly_uploads and monthly_uploads, and monthly_upload_peaks reads both.
-- It exists so that dependency ordering and parallel refresh of independent views are exercised.
CREATE MATERIALIZED VIEW reports.daily_uploads AS
SELECT (uploaded_at AT TIME ZONE 'UTC')::date AS day,
       count(*)                              AS uploads,
       sum(size_bytes)                       AS total_bytes
FROM demo.uploads
GROUP BY 1
WITH NO DATA;

CREATE UNIQUE INDEX daily_uploads_day ON reports.daily_uploads (day);

COMMENT ON MATERIALIZED VIEW reports.daily_uploads IS
'title: Uploads per day
description: Number and volume of uploads per day (UTC).
refresh-interval: 15 minutes';

CREATE MATERIALIZED VIEW reports.weekly_uploads AS
SELECT date_trunc('week', day)::date  AS week_start,
       sum(uploads)::bigint           AS uploads,
       sum(total_bytes)::bigint       AS total_bytes
FROM reports.daily_uploads
GROUP BY 1
WITH NO DATA;

CREATE UNIQUE INDEX weekly_uploads_week ON reports.weekly_uploads (week_start);

COMMENT ON MATERIALIZED VIEW reports.weekly_uploads IS
'title: Uploads per week
description: Number and volume of uploads per ISO week (weeks start on Monday).
refresh-interval: 1 hour';

CREATE MATERIALIZED VIEW reports.monthly_uploads AS
SELECT date_trunc('month', day)::date AS month,
       sum(uploads)::bigint           AS uploads,
       sum(total_bytes)::bigint       AS total_bytes,
       count(*)                       AS active_days
FROM reports.daily_uploads
GROUP BY 1
WITH NO DATA;

CREATE UNIQUE INDEX monthly_uploads_month ON reports.monthly_uploads (month);

COMMENT ON MATERIALIZED VIEW reports.monthly_uploads IS
'title: Uploads per month
description: Number and volume of uploads per calendar month, and on how many days anything was uploaded.
refresh-interval: 1 hour';

CREATE MATERIALIZED VIEW reports.monthly_upload_peaks AS
SELECT DISTINCT ON (m.month)
       m.month,
       m.uploads,
       m.total_bytes,
       w.week_start AS busiest_week_start,
       w.uploads    AS busiest_week_uploads
FROM reports.monthly_uploads m
JOIN reports.weekly_uploads w
  ON date_trunc('month', w.week_start)::date = m.month
ORDER BY m.month, w.uploads DESC, w.week_start
WITH NO DATA;

CREATE UNIQUE INDEX monthly_upload_peaks_month ON reports.monthly_upload_peaks (month);

COMMENT ON MATERIALIZED VIEW reports.monthly_upload_peaks IS
'title: Monthly upload peaks
description: Each month''s upload totals next to its busiest week (by the week''s start date).
refresh-interval: 1 day';
