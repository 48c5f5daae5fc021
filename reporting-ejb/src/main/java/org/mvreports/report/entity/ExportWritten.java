package org.mvreports.report.entity;

/**
 * An export ended: announced as a CDI event once it is recorded, for whoever observes exports (the metrics).
 *
 * @param format  CSV or XLSX
 * @param outcome COMPLETED, CANCELLED (the client went away) or FAILED
 * @param rows    rows written, null when unknown (it failed before counting)
 * @param bytes   bytes handed to the client
 */
public record ExportWritten(ExportFormat format, String outcome, Long rows, long bytes) {
}
