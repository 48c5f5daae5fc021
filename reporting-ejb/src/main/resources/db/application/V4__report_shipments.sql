-- Seed 003: a grouped sub-calculation split into its own view (results_agg), read by the top-level shipment
-- report: a two-level dependency chain.
CREATE MATERIALIZED VIEW reports.results_agg AS
SELECT uploads.shipment_id,
       count(*)                  AS results,
       min(results.start_date)   AS start_date,
       max(results.end_date)     AS end_date,
       max(results.approved_at)  AS approved_at
FROM demo.results
JOIN demo.uploads   ON uploads.id = results.upload_id
JOIN demo.shipments ON shipments.id = uploads.shipment_id
GROUP BY uploads.shipment_id
WITH NO DATA;

CREATE UNIQUE INDEX results_agg_shipment ON reports.results_agg (shipment_id);

COMMENT ON MATERIALIZED VIEW reports.results_agg IS
'title: Results per shipment
description: For each shipment with results: how many, the first start date, the last end date and the latest approval.
refresh-interval: 30 minutes';

CREATE MATERIALIZED VIEW reports.shipment_status AS
SELECT shipments.id                          AS shipment_id,
       shipments.reference,
       shipments.destination,
       shipments.shipped_at,
       coalesce(results_agg.results, 0)      AS results,
       results_agg.approved_at IS NOT NULL   AS has_results,
       results_agg.start_date                AS first_result_start,
       results_agg.end_date                  AS last_result_end
FROM demo.shipments
LEFT JOIN reports.results_agg ON results_agg.shipment_id = shipments.id
WITH NO DATA;

CREATE UNIQUE INDEX shipment_status_shipment ON reports.shipment_status (shipment_id);

COMMENT ON MATERIALIZED VIEW reports.shipment_status IS
'title: Shipment status
description: Every shipment with whether it has approved results and the span its results cover.
refresh-interval: 30 minutes';
