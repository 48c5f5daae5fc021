package org.mvreports.report.control;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.definition.entity.ColumnKind;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;

/**
 * Reads what a user asked for (the page's URL, the API's query string: {@code sort=col,-col},
 * {@code filter=col:op:value}, {@code page}, {@code size}) against a report's columns, and turns it into a
 * {@link RowsRequest} whose every column name is one of the report's and every value reads as its column's type
 * (normalised: {@code 1e3} becomes {@code 1000}, a time without offset is UTC). Anything else is an
 * {@link InvalidRequestException} saying what and listing what is allowed; nothing a user typed reaches SQL
 * except as a checked, bound value.
 */
public final class RowsRequests {

    /** The longest value a filter may compare with; longer ones are refused rather than cut. */
    public static final int MAX_VALUE_LENGTH = 1000;


    private RowsRequests() {
    }

    /**
     * @param sorts   each a comma-separated list of {@code col} / {@code -col}; may be empty
     * @param filters each {@code column:operator[:value]}
     * @param page    0-based, null: 0
     * @param size    rows per page, null: {@link RowsRequest#DEFAULT_SIZE}
     */
    public static RowsRequest read(List<ReportColumn> columns, List<String> sorts, List<String> filters,
                                   Integer page, Integer size) {
        Map<String, ReportColumn> byName = new LinkedHashMap<>();
        columns.forEach(c -> byName.put(c.name(), c));
        List<SortKey> sort = new ArrayList<>();
        for (String list : sorts) {
            for (String key : list.split(",")) {
                if (key.isBlank()) {
                    continue;
                }
                SortKey sortKey;
                try {
                    sortKey = SortKey.parse(key);
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(e.getMessage());
                }
                ReportColumn column = column(byName, sortKey.column(), "sort");
                if (!column.kind().sortable()) {
                    throw new InvalidRequestException("column " + column.name() + " (" + column.type()
                            + ") cannot be sorted by", byName.values().stream().filter(c -> c.kind().sortable())
                            .map(ReportColumn::name).toList());
                }
                if (sort.stream().anyMatch(k -> k.column().equals(column.name()))) {
                    throw new InvalidRequestException("column " + column.name() + " is named twice in sort");
                }
                sort.add(sortKey);
            }
        }
        List<Filter> read = new ArrayList<>();
        for (String filter : filters) {
            read.add(filter(byName, filter));
        }
        try {
            return new RowsRequest(sort, read, page == null ? 0 : page, size == null ? RowsRequest.DEFAULT_SIZE : size);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static Filter filter(Map<String, ReportColumn> columns, String text) {
        int first = text.indexOf(':');
        if (first <= 0) {
            throw new InvalidRequestException("a filter is column:operator:value, was '" + excerpt(text) + "'");
        }
        ReportColumn column = column(columns, text.substring(0, first), "filter");
        int second = text.indexOf(':', first + 1);
        String operatorName = second < 0 ? text.substring(first + 1) : text.substring(first + 1, second);
        Optional<FilterOperator> known = FilterOperator.ofApiName(operatorName);
        if (known.isEmpty() || !column.operators().contains(known.get())) {
            throw new InvalidRequestException("operator '" + excerpt(operatorName) + "' does not fit column "
                    + column.name() + " (" + column.type() + ")",
                    column.operators().stream().map(FilterOperator::apiName).toList());
        }
        FilterOperator operator = known.get();
        String value = second < 0 ? null : text.substring(second + 1);
        if (!operator.takesValue()) {
            if (value != null && !value.isEmpty()) {
                throw new InvalidRequestException("filter " + column.name() + ":" + operator.apiName()
                        + " takes no value");
            }
            return new Filter(column.name(), operator, List.of());
        }
        if (value == null || (value.isEmpty() && column.kind() != ColumnKind.TEXT)) {
            throw new InvalidRequestException("filter " + column.name() + ":" + operator.apiName()
                    + " needs a value");
        }
        List<String> values = operator == FilterOperator.IN ? splitList(value) : List.of(value);
        if (values.size() > Filter.MAX_VALUES) {
            throw new InvalidRequestException("filter " + column.name() + ":in lists " + values.size()
                    + " values; at most " + Filter.MAX_VALUES);
        }
        List<String> normalised = new ArrayList<>();
        for (String v : values) {
            normalised.add(normalised(column, v));
        }
        return new Filter(column.name(), operator, normalised);
    }

    /** The value as its column's type reads it, in the form PostgreSQL reads back exactly. */
    static String normalised(ReportColumn column, String value) {
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new InvalidRequestException("a value for column " + column.name() + " is longer than "
                    + MAX_VALUE_LENGTH + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidRequestException("a value for column " + column.name() + " holds a NUL character");
        }
        String trimmed = value.trim();
        try {
            return switch (column.kind()) {
                case TEXT -> value;
                case NUMBER -> number(column, trimmed);
                case DATE -> date(trimmed).toString();
                case TIMESTAMP -> timestamp(column, trimmed);
                case BOOLEAN -> bool(trimmed);
                case OTHER -> throw new IllegalStateException("no value filters on " + column.type());
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new InvalidRequestException("'" + excerpt(value) + "' is not " + expected(column)
                    + " (column " + column.name() + ")");
        }
    }

    /** Digits a number filter may have before or after its point: more is no one's measurement, and costly. */
    static final int MAX_DIGITS = 1000;

    /** PostgreSQL accepts UTC offsets below 16 hours. */
    private static final int LARGEST_OFFSET_SECONDS = 16 * 3600;

    private static String number(ReportColumn column, String value) {
        BigDecimal number = new BigDecimal(value);
        // Bounded before anything expands it: 1e999999999 is short text for a billion digits.
        if (number.precision() - number.scale() > MAX_DIGITS || number.scale() > MAX_DIGITS) {
            throw new ArithmeticException("out of range");
        }
        String base = ReportColumn.baseType(column.type());
        if (ColumnKind.integral(base)) {
            long limit = switch (base) {
                case "smallint" -> Short.MAX_VALUE;
                case "integer" -> Integer.MAX_VALUE;
                default -> Long.MAX_VALUE;
            };
            if (number.compareTo(BigDecimal.valueOf(limit)) > 0
                    || number.compareTo(BigDecimal.valueOf(-limit - 1)) < 0) {
                throw new ArithmeticException("out of range");
            }
            return number.toBigIntegerExact().toString();
        }
        if (base.equals("real") || base.equals("double precision")) {
            BigDecimal largest = new BigDecimal(base.equals("real") ? Float.MAX_VALUE : Double.MAX_VALUE);
            if (number.abs().compareTo(largest) > 0) {
                throw new ArithmeticException("out of range");
            }
        }
        return number.toPlainString();
    }

    /** A calendar date PostgreSQL reads back as it was written: years 1 to 9999. */
    private static LocalDate date(String value) {
        LocalDate date = LocalDate.parse(value);
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new ArithmeticException("out of range");
        }
        return date;
    }

    /**
     * ISO date or date-time. For a time with time zone, without an offset it is UTC (the pages add the reader's
     * offset); for one without, an offset is refused rather than guessed at.
     */
    private static String timestamp(ReportColumn column, String value) {
        boolean withZone = column.type().contains("with time zone");
        String iso = value.replace(' ', 'T');
        LocalDateTime local;
        OffsetDateTime offset = null;
        if (iso.length() == 10) {
            local = date(iso).atStartOfDay();
        } else {
            try {
                offset = OffsetDateTime.parse(iso);
                local = offset.toLocalDateTime();
            } catch (DateTimeParseException noOffset) {
                local = LocalDateTime.parse(iso);
            }
        }
        if (local.getYear() < 1 || local.getYear() > 9999) {
            throw new ArithmeticException("out of range");
        }
        if (offset != null && Math.abs(offset.getOffset().getTotalSeconds()) >= LARGEST_OFFSET_SECONDS) {
            throw new ArithmeticException("offset out of range"); // Java allows ±18:00, PostgreSQL less than ±16:00
        }
        if (!withZone) {
            if (offset != null) {
                throw new InvalidRequestException("column " + column.name() + " holds times without a time zone;"
                        + " give '" + excerpt(value) + "' without its offset");
            }
            return local.toString();
        }
        return (offset != null ? offset : local.atOffset(ZoneOffset.UTC)).toString();
    }

    private static String bool(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new NumberFormatException("not a boolean");
        }
        return lower;
    }

    private static String expected(ReportColumn column) {
        return switch (column.kind()) {
            case NUMBER -> ColumnKind.integral(column.type()) ? "a whole number" : "a number";
            case DATE -> "a date (YYYY-MM-DD)";
            case TIMESTAMP -> "a date or time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])";
            case BOOLEAN -> "true or false";
            default -> "a value of type " + column.type();
        };
    }

    private static ReportColumn column(Map<String, ReportColumn> columns, String name, String where) {
        ReportColumn column = columns.get(name);
        if (column == null) {
            throw new InvalidRequestException("unknown column '" + excerpt(name) + "' in " + where,
                    List.copyOf(columns.keySet()));
        }
        return column;
    }

    private static List<String> splitList(String value) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        return values;
    }

    private static String excerpt(String text) {
        return InvalidRequestException.excerpt(text);
    }
}
