package org.mvreports.report.entity;

import java.util.List;

/**
 * A materialized view as PostgreSQL's catalog describes it right now: the raw material of the report catalog and
 * of refresh ordering. Nothing here is kept by hand; {@code PostgresCatalog} reads it afresh.
 *
 * @param schema            schema of the view
 * @param name              name of the view
 * @param populated         false for a view created WITH NO DATA and never refreshed
 * @param concurrentCapable has a unique index on plain columns without a WHERE clause, which
 *                          {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} needs
 * @param comment           the view's comment (see {@link ReportMetadata} for the convention), or null
 * @param definitionHash    SHA-256 (hex) of the view's definition as PostgreSQL prints it
 * @param sources           relations the view reads, directly or through plain views in between
 */
public record MaterializedView(String schema, String name, boolean populated, boolean concurrentCapable,
                               String comment, String definitionHash, List<SourceRelation> sources) {

    /** Schema-qualified, quoted name, safe to put into SQL (it comes from the catalog, never from a user). */
    public String qualifiedName() {
        return quote(schema) + "." + quote(name);
    }

    /** The metadata its SQL file declares. */
    public ReportMetadata metadata() {
        return ReportMetadata.fromComment(name, comment);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A table or materialized view that a view reads. */
    public record SourceRelation(String schema, String name, boolean materializedView) {

        /** Same key as {@link MaterializedView#key()} for materialized views. */
        public String key() {
            return schema + "." + name;
        }
    }

    /** Unquoted {@code schema.name}: the identity used for ordering and in the refresh log. */
    public String key() {
        return schema + "." + name;
    }
}
