package org.mvreports.report.entity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * An export about to be written: checked, with what its file is called. Written by {@code ReportRows.write}.
 *
 * @param report   the report's view name
 * @param title    its title
 * @param format   CSV or XLSX
 * @param request  the sort and filters (every row they leave is exported)
 * @param dataAsOf the start of the refresh the rows come from, null if unknown
 */
public record ReportExport(String report, String title, ExportFormat format, RowsRequest request, Instant dataAsOf) {

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'_'HHmm'Z'").withZone(ZoneOffset.UTC);

    /** The file's name: the report and the time its data is from, e.g. {@code daily_uploads_2026-11-30_0634Z.csv}. */
    public String fileName() {
        return report + (dataAsOf == null ? "" : "_" + FILE_TIME.format(dataAsOf)) + "." + format.extension();
    }
}
