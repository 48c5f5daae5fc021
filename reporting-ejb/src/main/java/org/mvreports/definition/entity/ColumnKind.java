package org.mvreports.definition.entity;

/**
 * What a report column holds: how its values are read, shown, sorted and filtered. Decided from the type PostgreSQL
 * prints for the column ({@code format_type}).
 */
public enum ColumnKind {
    /** Text of any length. */
    TEXT(true),
    /** Integers and decimals: compared, right-aligned with grouping, summed. */
    NUMBER(true),
    /** Calendar dates, ISO form. */
    DATE(true),
    /** Points in time (with or without time zone), ISO form. */
    TIMESTAMP(true),
    /** true / false. */
    BOOLEAN(true),
    /** Anything else (arrays, JSON, intervals, ...): shown as PostgreSQL prints it, not sorted by. */
    OTHER(false);

    private final boolean sortable;

    ColumnKind(boolean sortable) {
        this.sortable = sortable;
    }

    public boolean sortable() {
        return sortable;
    }

    /** The kind of a column of the given type, as {@code format_type} prints it (e.g. {@code numeric(10,2)}). */
    public static ColumnKind ofType(String type) {
        String base = type.replaceAll("\\(.*?\\)", "").trim();
        return switch (base) {
            case "smallint", "integer", "bigint", "numeric", "real", "double precision" -> NUMBER;
            case "text", "character varying", "character", "\"char\"", "name", "citext" -> TEXT;
            case "date" -> DATE;
            case "timestamp without time zone", "timestamp with time zone" -> TIMESTAMP;
            case "boolean" -> BOOLEAN;
            default -> OTHER;
        };
    }

    /** Whether the type holds whole numbers only (so a filter value must be one). */
    public static boolean integral(String type) {
        return type.equals("smallint") || type.equals("integer") || type.equals("bigint");
    }
}
