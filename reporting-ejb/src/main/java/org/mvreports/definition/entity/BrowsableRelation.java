package org.mvreports.definition.entity;

import java.util.List;

/**
 * A relation the report browser reads, pages, filters and exports on one code path: a report (a
 * {@link MaterializedView}) or a record auditors review (a {@link RecordView} over an append-only log). Both come
 * from PostgreSQL's catalog, so every identifier put into SQL is one the catalog named.
 */
public sealed interface BrowsableRelation permits MaterializedView, RecordView {

    /** Schema of the relation. */
    String schema();

    /** Name of the relation. */
    String name();

    /** Its columns, in order. */
    List<MaterializedView.Column> columns();

    /**
     * The columns that identify a row, which the browser orders by after the requested sort so that pages never
     * overlap; empty when none do.
     */
    List<String> uniqueKey();

    /** What its comment says of it: title, number formats, totals ({@link ReportMetadata}). */
    ReportMetadata metadata();

    /** Schema-qualified, quoted name, safe to put into SQL (it comes from the catalog, never from a user). */
    default String qualifiedName() {
        return MaterializedView.quote(schema()) + "." + MaterializedView.quote(name());
    }
}
