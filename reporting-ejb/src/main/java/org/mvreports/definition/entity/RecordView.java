package org.mvreports.definition.entity;

import java.util.List;

/**
 * A plain view over one of the append-only records (the refresh log, the export record, the admin-action record) as
 * the catalog describes it: what auditors browse with the report browser. Unlike a report's data, a record grows
 * with every insert, so nothing read from it is kept between requests.
 *
 * @param schema    schema of the view
 * @param name      name of the view
 * @param uniqueKey the record's own key (its id), which no index of a plain view can tell the catalog
 * @param columns   the view's columns in order
 * @param metadata  what its comment says (title, number formats)
 */
public record RecordView(String schema, String name, List<String> uniqueKey, List<MaterializedView.Column> columns,
                         ReportMetadata metadata) implements BrowsableRelation {

    public RecordView {
        uniqueKey = List.copyOf(uniqueKey);
        columns = List.copyOf(columns);
    }
}
