package org.mvreports.report.entity;

import java.util.Set;

/**
 * A column of a report as the browser offers it.
 *
 * @param name   the column's name in the view
 * @param label  its heading for people: the name with spaces, first letter capitalised ({@code total_bytes} →
 *               "Total bytes")
 * @param type   its type as PostgreSQL prints it
 * @param kind   what it holds, as far as sorting, filtering and showing go
 */
public record ReportColumn(String name, String label, String type, ColumnKind kind) {

    public static ReportColumn of(String name, String type) {
        String spaced = name.replace('_', ' ').trim();
        String label = spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
        return new ReportColumn(name, label, type, ColumnKind.ofType(type));
    }

    /** The filters that fit it. */
    public Set<FilterOperator> operators() {
        return kind.operators();
    }
}
