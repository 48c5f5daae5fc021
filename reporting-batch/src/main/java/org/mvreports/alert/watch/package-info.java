/**
 * Watches the reports for alerts, from the batch module because freshness needs the catalog, which lives here: every
 * 30 seconds on every node, which reports are stale and which failed go to the engine module's {@code AlertRecorder},
 * which alerts the changes, once however many nodes watch.
 */
package org.mvreports.alert.watch;
