package org.mvreports.report;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvreports.definition.entity.ColumnKind;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;

/**
 * The report page's filter bar: a column, a condition that fits its type, and the value(s). It writes filters in the
 * API's form ({@code column:operator:value}); "between" (numbers and dates: from–to) becomes a {@code ge} and a
 * {@code le} filter, either end left open when empty. The server checks them like any other filter.
 */
public class ReportFilterForm implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Characters of an ISO date, YYYY-MM-DD. */
    private static final int DATE_LENGTH = 10;

    /** The form's own condition for a from–to range. */
    static final String BETWEEN = "between";

    private List<ReportColumn> offered = List.of();
    private String zoneName = "UTC";
    private String column;
    private String condition;
    private String value;
    private String to;
    private LocalDate dateValue;
    private LocalDate dateTo;

    /** What the bar offers: the report's columns, and the name of the reader's time zone (for the hint). */
    void offer(List<ReportColumn> columns, String zoneName) {
        this.offered = List.copyOf(columns);
        this.zoneName = zoneName;
    }

    /** The column chosen in the bar, or null. */
    public ReportColumn getChosen() {
        return offered.stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
    }

    /** The conditions that fit the chosen column, condition → label. */
    public Map<String, String> getConditions() {
        return conditions(getChosen());
    }

    /** Whether the chosen condition compares with a value (and so the bar shows an input). */
    public boolean isTakesValue() {
        return condition != null && (condition.equals(BETWEEN)
                || FilterOperator.ofApiName(condition).map(FilterOperator::takesValue).orElse(false));
    }

    public boolean isRange() {
        return BETWEEN.equals(condition);
    }

    public boolean isDate() {
        ReportColumn chosen = getChosen();
        return chosen != null && chosen.kind() == ColumnKind.DATE;
    }

    public boolean isBoolean() {
        ReportColumn chosen = getChosen();
        return chosen != null && chosen.kind() == ColumnKind.BOOLEAN;
    }

    /** A hint for the value input: what the column's type reads. */
    public String getHint() {
        ReportColumn chosen = getChosen();
        if (chosen == null) {
            return "";
        }
        return switch (chosen.kind()) {
            case NUMBER -> ColumnKind.integral(chosen.type()) ? "a whole number" : "a number, e.g. 12.5";
            case TIMESTAMP -> "YYYY-MM-DD or YYYY-MM-DDTHH:MM" + (zoned(chosen) ? " (" + zoneName + ")" : "");
            case TEXT -> FilterOperator.IN.apiName().equals(condition) ? "values separated by commas" : "text";
            default -> "";
        };
    }

    /** The conditions that fit a column, condition → label, in the order the bar offers them. */
    public Map<String, String> conditions(ReportColumn column) {
        Map<String, String> conditions = new LinkedHashMap<>();
        if (column == null) {
            return conditions;
        }
        ColumnKind kind = column.kind();
        if (kind == ColumnKind.NUMBER || kind == ColumnKind.DATE || kind == ColumnKind.TIMESTAMP) {
            conditions.put(BETWEEN, "between (from–to)");
        }
        for (FilterOperator operator : column.operators()) {
            conditions.put(operator.apiName(), label(operator));
        }
        return conditions;
    }

    /**
     * The filters the form describes, in the API's form; empty when it is not filled in. A time typed for a column of
     * points in time is the reader's wall-clock time in {@code zone}, so it gets that zone's offset at that time.
     */
    List<String> filters(List<ReportColumn> columns, ZoneId zone) {
        Optional<ReportColumn> chosen = columns.stream().filter(c -> c.name().equals(column)).findFirst();
        if (chosen.isEmpty() || condition == null || condition.isBlank()) {
            return List.of();
        }
        boolean dates = chosen.get().kind() == ColumnKind.DATE;
        String from = dates ? (dateValue == null ? null : dateValue.toString()) : blankToNull(value);
        String until = dates ? (dateTo == null ? null : dateTo.toString()) : blankToNull(to);
        if (zoned(chosen.get())) {
            // An upper bound on the hour that autumn's clock change repeats takes its later pass, so that it
            // leaves out nothing the reader meant to include.
            boolean fromIsUpper = FilterOperator.LT.apiName().equals(condition)
                    || FilterOperator.LE.apiName().equals(condition);
            from = inZone(from, zone, fromIsUpper);
            until = inZone(until, zone, true);
        }
        List<String> filters = new ArrayList<>();
        if (condition.equals(BETWEEN)) {
            if (from != null) {
                filters.add(column + ":ge:" + from);
            }
            if (until != null) {
                filters.add(column + ":le:" + until);
            }
            return filters;
        }
        Optional<FilterOperator> operator = FilterOperator.ofApiName(condition);
        if (operator.isEmpty()) {
            return List.of();
        }
        if (!operator.get().takesValue()) {
            return List.of(column + ":" + condition);
        }
        String given = chosen.get().kind() == ColumnKind.TEXT ? value : from;
        return given == null ? List.of() : List.of(column + ":" + condition + ":" + given);
    }

    /** Whether a column holds points in time ({@code timestamp with time zone}), shown in the reader's zone. */
    static boolean zoned(ReportColumn column) {
        return column.kind() == ColumnKind.TIMESTAMP && column.castType().equals("timestamp with time zone");
    }

    /**
     * A date or date-time without offset (with a {@code T} or a space, as the cells show times) as the reader's
     * wall-clock time in {@code zone}, with the offset the zone had then ({@code 2025-06-01T00:00} in Europe/Oslo →
     * {@code 2025-06-01T00:00+02:00}); anything else as typed (it has its own offset, or the server says what is wrong
     * with it). A time that spring's clock change skips is moved on by the gap; one that autumn's repeats is its
     * earlier pass, or its later one for an {@code upper} bound.
     */
    static String inZone(String typed, ZoneId zone, boolean upper) {
        if (typed == null) {
            return null;
        }
        try {
            String iso = typed.replace(' ', 'T');
            LocalDateTime wall = iso.length() == DATE_LENGTH ? LocalDate.parse(iso).atStartOfDay()
                    : LocalDateTime.parse(iso);
            ZonedDateTime at = wall.atZone(zone);
            return (upper ? at.withLaterOffsetAtOverlap() : at).toOffsetDateTime().toString();
        } catch (DateTimeParseException notAWallClockTime) {
            return typed;
        }
    }

    /** A filter of the API's form as people read it: "Uploads ≥ 100", "Destination contains "Os"". */
    static String describe(String filter, List<ReportColumn> columns) {
        String[] parts = filter.split(":", 3);
        if (parts.length < 2) {
            return filter;
        }
        String label = columns.stream().filter(c -> c.name().equals(parts[0])).map(ReportColumn::label)
                .findFirst().orElse(parts[0]);
        Optional<FilterOperator> operator = FilterOperator.ofApiName(parts[1]);
        if (operator.isEmpty()) {
            return filter;
        }
        String value = parts.length > 2 ? parts[2] : "";
        return label + " " + label(operator.get()) + (operator.get().takesValue()
                ? " " + (operator.get() == FilterOperator.IN ? value.replace("\\,", "\u0000").replace(",", ", ")
                .replace("\u0000", ",") : "\u201c" + value + "\u201d") : "");
    }

    static String label(FilterOperator operator) {
        return switch (operator) {
            case EQ -> "=";
            case NE -> "≠";
            case LT -> "<";
            case LE -> "≤";
            case GT -> ">";
            case GE -> "≥";
            case CONTAINS -> "contains";
            case STARTSWITH -> "starts with";
            case IN -> "is one of";
            case ISNULL -> "is empty";
            case NOTNULL -> "is not empty";
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    public String getColumn() {
        return column;
    }

    public void setColumn(String column) {
        this.column = column;
    }

    public String getCondition() {
        return condition;
    }

    public void setCondition(String condition) {
        this.condition = condition;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public LocalDate getDateValue() {
        return dateValue;
    }

    public void setDateValue(LocalDate dateValue) {
        this.dateValue = dateValue;
    }

    public LocalDate getDateTo() {
        return dateTo;
    }

    public void setDateTo(LocalDate dateTo) {
        this.dateTo = dateTo;
    }
}
