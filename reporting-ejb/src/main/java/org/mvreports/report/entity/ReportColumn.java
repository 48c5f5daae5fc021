package org.mvreports.report.entity;

import java.util.Set;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.ColumnKind;

/**
 * A column of a report as the browser offers it.
 *
 * @param name   the column's name in the view
 * @param label  its heading for people: the name with spaces, first letter capitalised ({@code total_bytes} →
 *               "Total bytes")
 * @param type   its type as PostgreSQL prints it
 * @param kind   what it holds, as far as sorting, filtering and showing go
 * @param format for a number column, how people are shown its values ({@link NumberFormats}); null for others, and
 *               for a number column whose values were not looked at for it
 */
public record ReportColumn(String name, String label, String type, ColumnKind kind, ColumnFormat format) {

    public static ReportColumn of(String name, String type) {
        String spaced = name.replace('_', ' ').trim();
        String label = spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
        return new ReportColumn(name, label, type, ColumnKind.ofType(type), null);
    }

    /** The same column, shown with {@code format}. */
    public ReportColumn shownAs(ColumnFormat format) {
        return new ReportColumn(name, label, type, kind, format);
    }

    /**
     * The type values are cast to when compared with this column: its type without length, precision or scale, so
     * that a value is compared as given ({@code numeric(10,2)} would round 1.005 to 1.01), and the same on every
     * path (a bound parameter and a server-quoted literal resolve the same operator, e.g. for {@code citext}).
     */
    public String castType() {
        return baseType(type);
    }

    /**
     * A type as {@code format_type} prints it, without its modifiers: {@code numeric(10,2)} → {@code numeric},
     * {@code timestamp(3) with time zone} → {@code timestamp with time zone}; the fixed-length {@code character} and
     * {@code bit} become their unbounded forms, since without a length they mean length 1.
     */
    public static String baseType(String type) {
        String base = type.replaceAll("\\(\\d+(,\\s*-?\\d+)?\\)", "");
        String array = base.endsWith("[]") ? "[]" : "";
        String element = base.substring(0, base.length() - array.length());
        return switch (element) {
            case "character" -> "bpchar" + array;
            case "bit" -> "bit varying" + array;
            default -> base;
        };
    }

    /** The filters that fit it. */
    public Set<FilterOperator> operators() {
        return FilterOperator.fitting(kind);
    }
}
