/**
 * What the application counts and times for {@code /metrics} (MicroProfile Metrics, in Prometheus's text format at
 * the server's root): refreshes by view and outcome, their durations, refresh jobs, exports by format with rows and
 * bytes, and report reads. Recorded where each happens, on the node it happens on; Prometheus sums them over nodes.
 * What every node sees alike (a report's rows, the age of its data, whether it is stale or failed, jobs running) is
 * read from the database by the gauges of the batch module's {@code metrics} feature.
 */
package org.mvreports.metrics.control;
