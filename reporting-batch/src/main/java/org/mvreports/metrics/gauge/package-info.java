/**
 * The gauges every node exports alike because they are read from the one database: each report's rows, the age of
 * its data, whether it is stale and whether its latest refresh failed, and the refresh jobs running. A scrape reads
 * them with a fixed number of queries however many reports there are, at most once every few seconds, and never
 * waits for the database longer than two seconds (then it shows the latest values). The counters and timers of
 * what happens on one node are the engine module's ({@code org.mvreports.metrics.control}).
 */
package org.mvreports.metrics.gauge;
