/**
 * Watches the reports' freshness for alerts, from the batch module because freshness needs the catalog, which lives
 * here: every 30 seconds on every node, the reports stale now go to the engine module's {@code AlertRecorder}, which
 * alerts those that just turned stale and those that are fresh again, once however many nodes watch.
 */
package org.mvreports.alert.watch;
