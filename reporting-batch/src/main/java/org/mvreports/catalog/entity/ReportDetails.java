package org.mvreports.catalog.entity;

import java.util.List;
import java.util.Map;
import org.mvreports.definition.entity.ChartSpec;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.MaterializedView.Column;

/**
 * Everything about one report but its rows: what the catalog says of it, how fresh it is, what it reads and what
 * reads it. Readable by all three roles.
 *
 * @param status    name, title, description, interval, availability and freshness
 * @param columns   its columns with their types, in order
 * @param uniqueKey the columns of its unique key (empty: it has none, so refreshing it blocks its readers)
 * @param reads     the tables and views it reads ({@code schema.name})
 * @param readBy    the reports that read it
 * @param chart     the chart its SQL file asks for (one that fits its columns), or null
 * @param formats   how its SQL file asks number columns to be shown, by column (only those it names)
 */
public record ReportDetails(ReportStatus status, List<Column> columns, List<String> uniqueKey, List<String> reads,
                            List<String> readBy, ChartSpec chart, Map<String, ColumnFormat> formats) {
}
