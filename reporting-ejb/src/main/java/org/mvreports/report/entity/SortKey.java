package org.mvreports.report.entity;

/**
 * One column of a sort: {@code month} ascending, {@code -month} descending (the API's and the URL's form).
 *
 * @param column     the column's name
 * @param descending whether largest (or latest) first
 */
public record SortKey(String column, boolean descending) {

    /** Reads {@code col} or {@code -col}. */
    public static SortKey parse(String text) {
        String trimmed = text.trim();
        boolean descending = trimmed.startsWith("-");
        String column = descending ? trimmed.substring(1) : trimmed;
        if (column.isEmpty()) {
            throw new IllegalArgumentException("a sort names a column, optionally after '-': '" + text + "'");
        }
        return new SortKey(column, descending);
    }

    /** The API's form: {@code col} or {@code -col}. */
    public String asText() {
        return (descending ? "-" : "") + column;
    }
}
