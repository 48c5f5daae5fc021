package org.mvreports.history.entity;

import java.time.Instant;
import java.util.List;

/**
 * One export of a report, as auditors read it.
 *
 * @param exportedBy   the signed-in user
 * @param schema       the report's schema
 * @param view         the report's view name
 * @param format       CSV or XLSX
 * @param sort         the sort, as the API writes it ({@code col}, {@code -col})
 * @param filters      the filters, as the API writes them ({@code col:op:value})
 * @param outcome      COMPLETED, CANCELLED (the client went away) or FAILED
 * @param rowCount     rows written, null when unknown
 * @param dataAsOf     the start of the refresh the rows came from
 * @param startedAt    when the export started
 * @param finishedAt   when it ended
 * @param nodeName     the node that wrote it
 * @param errorMessage why it failed, else null
 */
public record ExportRecord(String exportedBy, String schema, String view, String format, List<String> sort,
                           List<String> filters, String outcome, Long rowCount, Instant dataAsOf, Instant startedAt,
                           Instant finishedAt, String nodeName, String errorMessage) {

    public ExportRecord {
        sort = List.copyOf(sort);
        filters = List.copyOf(filters);
    }
}
