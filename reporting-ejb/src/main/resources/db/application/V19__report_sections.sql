-- The demo reports in the catalog's sections (the "section:" line of the comment convention): users, shipments and
-- uploads, as a site with many reports would group them. The rest of each comment is as it was.

COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
'title: Signups per month
description: New user accounts per calendar month (UTC).
refresh-interval: 1 hour
chart: bar x=month y=signups
totals: signups
section: Users';

COMMENT ON MATERIALIZED VIEW reports.user_directory IS
'title: User directory
description: Every user account with when it was created.
refresh-interval: 1 day
section: Users';

COMMENT ON MATERIALIZED VIEW reports.results_agg IS
'title: Results per shipment
description: For each shipment with results: how many, the first start date, the last end date and the latest approval.
refresh-interval: 30 minutes
section: Shipments';

COMMENT ON MATERIALIZED VIEW reports.shipment_status IS
'title: Shipment status
description: Every shipment with whether it has approved results and the span its results cover.
refresh-interval: 30 minutes
section: Shipments';

COMMENT ON MATERIALIZED VIEW reports.daily_uploads IS
'title: Uploads per day
description: Number and volume of uploads per day (UTC).
refresh-interval: 15 minutes
chart: line x=day y=uploads
totals: uploads, total_bytes
section: Uploads';

COMMENT ON MATERIALIZED VIEW reports.weekly_uploads IS
'title: Uploads per week
description: Number and volume of uploads per ISO week (weeks start on Monday).
refresh-interval: 1 hour
chart: line x=week_start y=uploads
totals: uploads, total_bytes
section: Uploads';

COMMENT ON MATERIALIZED VIEW reports.monthly_uploads IS
'title: Uploads per month
description: Number and volume of uploads per calendar month, and on how many days anything was uploaded.
refresh-interval: 1 hour
chart: bar x=month y=uploads
totals: uploads, total_bytes, active_days
section: Uploads';

COMMENT ON MATERIALIZED VIEW reports.monthly_upload_peaks IS
'title: Monthly upload peaks
description: Each month''s upload totals next to its busiest week (by the week''s start date).
refresh-interval: 1 day
section: Uploads';
