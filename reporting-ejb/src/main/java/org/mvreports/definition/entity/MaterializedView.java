package org.mvreports.definition.entity;

import java.util.List;

/**
 * A materialized view as PostgreSQL's catalog describes it right now: the raw material of the report catalog and
 * of refresh ordering. Nothing here is kept by hand; {@code PostgresCatalog} reads it afresh.
 *
 * @param oid               the view's object id (changes when a migration recreates the view)
 * @param schema            schema of the view
 * @param name              name of the view
 * @param populated         false for a view created WITH NO DATA and never refreshed
 * @param uniqueKey         the columns of its narrowest unique index on plain columns without a WHERE clause, which
 *                          {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} needs; empty when it has none
 * @param comment           the view's comment, or null
 * @param columns           the view's columns in order
 * @param sources           relations the view reads, directly or through plain views in between
 * @param metadata          what the comment says of the report, read once, against the columns
 *                          ({@link ReportMetadata}: the convention, and the lines that could not be used)
 */
public record MaterializedView(long oid, String schema, String name, boolean populated, List<String> uniqueKey,
                               String comment, List<Column> columns, List<SourceRelation> sources,
                               ReportMetadata metadata) implements BrowsableRelation {

    public MaterializedView {
        uniqueKey = List.copyOf(uniqueKey);
        columns = List.copyOf(columns);
        sources = List.copyOf(sources);
    }

    /** A view as the catalog reads it: its comment is read here, once, against its columns. */
    public static MaterializedView of(long oid, String schema, String name, boolean populated,
                                      List<String> uniqueKey, String comment, List<Column> columns,
                                      List<SourceRelation> sources) {
        return new MaterializedView(oid, schema, name, populated, uniqueKey, comment, columns, sources,
                ReportMetadata.read(name, comment, columns));
    }

    /** Whether it can be refreshed CONCURRENTLY (readers never wait): it has a qualifying unique index. */
    public boolean concurrentCapable() {
        return !uniqueKey.isEmpty();
    }

    /** Unquoted {@code schema.name}: the identity used for ordering and in the refresh log. */
    public String key() {
        return schema + "." + name;
    }

    /** The materialized views among its sources, by {@link #key()}. */
    public List<String> upstreamViews() {
        return sources.stream().filter(s -> s.kind() == RelationKind.MATERIALIZED_VIEW).map(SourceRelation::key)
                .toList();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * A column of the view.
     *
     * @param name the column's name
     * @param type its type as PostgreSQL prints it ({@code format_type}), e.g. {@code bigint}, {@code date}
     */
    public record Column(String name, String type) {

        /** What it holds, from its type. */
        public ColumnKind kind() {
            return ColumnKind.ofType(type);
        }
    }

    /** What kind of relation a source is; decides whether its changes can be tracked. */
    public enum RelationKind {
        TABLE, PARTITIONED_TABLE, FOREIGN_TABLE, MATERIALIZED_VIEW;

        static RelationKind of(String relkind) {
            return switch (relkind) {
                case "r" -> TABLE;
                case "p" -> PARTITIONED_TABLE;
                case "f" -> FOREIGN_TABLE;
                case "m" -> MATERIALIZED_VIEW;
                default -> throw new IllegalArgumentException("not a source relation kind: " + relkind);
            };
        }
    }

    /** A table or materialized view that a view reads. */
    public record SourceRelation(long oid, String schema, String name, RelationKind kind) {

        public static SourceRelation of(long oid, String schema, String name, String relkind) {
            return new SourceRelation(oid, schema, name, RelationKind.of(relkind));
        }

        /** Same form as {@link MaterializedView#key()}. */
        public String key() {
            return schema + "." + name;
        }

        /** Schema-qualified, quoted name (from the catalog, never from a user). */
        public String qualifiedName() {
            return quote(schema) + "." + quote(name);
        }
    }
}
