package org.mvreports.report.entity;

import static org.mvreports.report.entity.FilterOperator.CONTAINS;
import static org.mvreports.report.entity.FilterOperator.EQ;
import static org.mvreports.report.entity.FilterOperator.GE;
import static org.mvreports.report.entity.FilterOperator.GT;
import static org.mvreports.report.entity.FilterOperator.IN;
import static org.mvreports.report.entity.FilterOperator.ISNULL;
import static org.mvreports.report.entity.FilterOperator.LE;
import static org.mvreports.report.entity.FilterOperator.LT;
import static org.mvreports.report.entity.FilterOperator.NE;
import static org.mvreports.report.entity.FilterOperator.NOTNULL;
import static org.mvreports.report.entity.FilterOperator.STARTSWITH;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a report column holds, as far as browsing it goes: which filters fit it, how values are read and shown.
 * Decided from the type PostgreSQL prints for the column ({@code format_type}).
 */
public enum ColumnKind {
    /** Text of any length: equal, contains, starts with, one of. */
    TEXT(EnumSet.of(EQ, NE, CONTAINS, STARTSWITH, IN, ISNULL, NOTNULL), true),
    /** Integers and decimals: compared, right-aligned with grouping. */
    NUMBER(EnumSet.of(EQ, NE, LT, LE, GT, GE, IN, ISNULL, NOTNULL), true),
    /** Calendar dates, ISO form. */
    DATE(EnumSet.of(EQ, NE, LT, LE, GT, GE, IN, ISNULL, NOTNULL), true),
    /** Points in time (with or without time zone), ISO form. */
    TIMESTAMP(EnumSet.of(EQ, NE, LT, LE, GT, GE, ISNULL, NOTNULL), true),
    /** true / false. */
    BOOLEAN(EnumSet.of(EQ, NE, ISNULL, NOTNULL), true),
    /** Anything else (arrays, JSON, intervals, ...): shown as PostgreSQL prints it; only null / not null. */
    OTHER(EnumSet.of(ISNULL, NOTNULL), false);

    private final Set<FilterOperator> operators;
    private final boolean sortable;

    ColumnKind(Set<FilterOperator> operators, boolean sortable) {
        this.operators = operators;
        this.sortable = sortable;
    }

    /** The filters that fit this kind. */
    public Set<FilterOperator> operators() {
        return EnumSet.copyOf(operators);
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
