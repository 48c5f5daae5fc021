package org.mvreports.report.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.definition.entity.ColumnKind;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;

/**
 * The SQL that reads a report's rows, written for people to read (docs/reading.md): one clause per line, identifiers from
 * the catalog (quoted), every value a parameter. The page shows it with its parameters, so it can be pasted into psql.
 *
 * <pre>
 * SELECT "day", "uploads", "total_bytes"
 * FROM "reports"."daily_uploads"
 * WHERE "uploads" &gt;= CAST(? AS bigint)
 *   AND "day" &lt; CAST(? AS date)
 * ORDER BY "uploads" DESC, "day" DESC
 * LIMIT CAST(? AS bigint)
 * OFFSET CAST(? AS bigint)
 * </pre>
 *
 * A value is cast to its column's type (without length or precision: {@link ReportColumn#castType}), so comparisons
 * use the column's own operators and indexes. After the requested sort come the columns of the report's unique key,
 * so that pages never overlap or miss a row (a report without one is ordered by all its columns), in the direction
 * of the last sort column. Nulls sort as PostgreSQL sorts them by default (last ascending, first descending), so
 * that an index on the sort columns serves the order in either direction.
 *
 * <p>Deep pages: {@code OFFSET n} reads and throws away n rows, so a page deep in a big report costs a scan to it.
 * A page can instead start at an <em>anchor</em>, the order columns' values of a row at a known position
 * ({@link #anchors}), with conditions an index can seek to ({@link #pageFrom}): for a uniform order
 * {@code WHERE ("uploads", "day") <= (?, ?)}, and an offset below the anchors' spacing.
 *
 * <p>The same statement can be rendered with server-quoted literals instead of placeholders, for
 * {@code COPY (query) TO STDOUT}, which takes no parameters: the literals are quoted by PostgreSQL
 * ({@code quote_literal}), never by Java.
 */
public final class ReportQuery {

    /**
     * A value of the statement.
     *
     * @param value the text PostgreSQL reads it from
     * @param type  the type it is cast to, or null for text compared as text
     */
    public record Parameter(String value, String type) {

        /** How it reads in a psql session: {@code '2024-01-01'::date}. */
        public String forPeople() {
            String quoted = "'" + value.replace("'", "''") + "'";
            return type == null ? quoted : quoted + "::" + type;
        }
    }

    /** A statement and its parameters, in order. */
    public record Statement(String sql, List<Parameter> parameters) {
    }

    private final String relation;
    private final Map<String, ReportColumn> columns = new LinkedHashMap<>();
    private final List<String> key;
    private final boolean unique;

    /**
     * @param qualifiedName the view's schema-qualified, quoted name (from the catalog)
     * @param columns       its columns, in order
     * @param uniqueKey     the columns of its unique key (empty when it has none)
     */
    public ReportQuery(String qualifiedName, List<ReportColumn> columns, List<String> uniqueKey) {
        this.relation = qualifiedName;
        columns.forEach(c -> this.columns.put(c.name(), c));
        this.unique = !uniqueKey.isEmpty();
        this.key = uniqueKey.isEmpty() ? columns.stream().filter(c -> c.kind().sortable()).map(ReportColumn::name)
                .toList() : List.copyOf(uniqueKey);
    }

    /** One page of the rows the request asks for. */
    public Statement page(RowsRequest request) {
        return build(request.sort(), request.filters(), request.size(), (long) request.page() * request.size());
    }

    /** Every row the request's filters leave, in its order (for exports; no paging). */
    public Statement all(RowsRequest request) {
        return build(request.sort(), request.filters(), null, null);
    }

    /** How many rows the filters leave, counting no further than {@code cap} (the answer is then {@code cap}). */
    public Statement count(List<Filter> filters, long cap) {
        List<Parameter> parameters = new ArrayList<>();
        List<String> where = conditions(filters, parameters);
        parameters.add(new Parameter(String.valueOf(cap), "bigint"));
        String sql = "SELECT count(*)\nFROM (SELECT 1\n      FROM " + relation
                + (where.isEmpty() ? "" : "\n      WHERE " + String.join("\n        AND ", where))
                + "\n      LIMIT CAST(? AS bigint)) AS matching";
        return new Statement(sql, parameters);
    }

    /**
     * The sums of {@code columns} (number columns of the report) over the rows the filters leave, each named after
     * its column.
     */
    public Statement totals(List<Filter> filters, List<String> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to total");
        }
        List<Parameter> parameters = new ArrayList<>();
        List<String> where = conditions(filters, parameters);
        String sums = columns.stream().map(c -> {
            ReportColumn column = this.columns.get(c);
            if (column == null || column.kind() != ColumnKind.NUMBER) {
                throw new IllegalArgumentException("not a number column of " + relation + ": " + c);
            }
            return "sum(" + quote(c) + ") AS " + quote(c);
        }).collect(Collectors.joining(", "));
        return new Statement("SELECT " + sums + "\nFROM " + relation
                + (where.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", where)), parameters);
    }

    /**
     * The largest scale (digits after the point) of each of {@code columns} (number columns of the report), one pass
     * over the rows; null for a column without a finite value.
     */
    public String scales(List<String> columns) {
        return "SELECT " + columns.stream().map(c -> {
            ReportColumn column = this.columns.get(c);
            if (column == null || column.kind() != ColumnKind.NUMBER) {
                throw new IllegalArgumentException("not a number column of " + relation + ": " + c);
            }
            return "max(scale(CAST(" + quote(c) + " AS numeric)))";
        }).collect(Collectors.joining(",\n       ")) + "\nFROM " + relation;
    }

    /**
     * The statement with every placeholder replaced by a literal, quoted by PostgreSQL: {@code literals} holds, in
     * order, {@code quote_literal} of each parameter's value.
     */
    public static String withLiterals(Statement statement, List<String> literals) {
        if (literals.size() != statement.parameters().size()) {
            throw new IllegalArgumentException("one literal per parameter");
        }
        StringBuilder sql = new StringBuilder();
        int parameter = 0;
        String text = statement.sql();
        // Placeholders are written only as "CAST(? AS" or as a lone "?" after an operator; identifiers are quoted,
        // so a "?" inside one is within double quotes and skipped here.
        boolean inIdentifier = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                inIdentifier = !inIdentifier;
            }
            if (c == '?' && !inIdentifier) {
                sql.append(literals.get(parameter++));
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }

    private Statement build(List<SortKey> sort, List<Filter> filters, Integer limit, Long offset) {
        List<Parameter> parameters = new ArrayList<>();
        return select(conditions(filters, parameters), parameters, ordering(sort), limit, offset);
    }

    private Statement select(List<String> where, List<Parameter> parameters, List<SortKey> order, Integer limit,
                             Long offset) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(columns.keySet().stream().map(ReportQuery::quote).collect(Collectors.joining(", ")))
                .append("\nFROM ").append(relation);
        if (!where.isEmpty()) {
            sql.append("\nWHERE ").append(String.join("\n  AND ", where));
        }
        sql.append("\nORDER BY ").append(String.join(", ", order(order)));
        if (limit != null) {
            sql.append("\nLIMIT CAST(? AS bigint)\nOFFSET CAST(? AS bigint)");
            parameters.add(new Parameter(String.valueOf(limit), "bigint"));
            parameters.add(new Parameter(String.valueOf(offset), "bigint"));
        }
        return new Statement(sql.toString(), parameters);
    }

    /**
     * The full order of the rows: the requested sort, then the columns of the unique key not already in it, in the
     * direction of the last sort column (ascending when none), so that a uniform sort stays uniform and one index
     * (scanned either way) can serve it.
     */
    List<SortKey> ordering(List<SortKey> sort) {
        List<SortKey> order = new ArrayList<>(sort);
        boolean descending = !sort.isEmpty() && sort.get(sort.size() - 1).descending();
        for (String column : key) {
            if (sort.stream().noneMatch(k -> k.column().equals(column))) {
                order.add(new SortKey(column, descending));
            }
        }
        return order;
    }

    /** The type a value compared with {@code column} is cast to. */
    String castType(String column) {
        return columns.get(column).castType();
    }

    /**
     * Whether pages in this order can be read from an anchor ({@link #pageFrom}): the report has a unique key, so
     * that the order is total and a row's position in it is its own. Any mix of directions will do, and nulls too.
     */
    public boolean anchorable() {
        return unique;
    }

    /** The columns of the report's unique key; empty when it has none. */
    public List<String> uniqueKey() {
        return unique ? key : List.of();
    }

    /**
     * Every {@code every}-th row's position in the order, from the {@code every}-th on, as the text of its order
     * columns (the anchors deep pages start from), with its 0-based offset in the first column.
     */
    public Statement anchors(List<SortKey> sort, List<Filter> filters, int every) {
        List<SortKey> order = ordering(sort);
        List<Parameter> parameters = new ArrayList<>();
        List<String> where = conditions(filters, parameters);
        parameters.add(new Parameter(String.valueOf(every), "bigint"));
        String sql = "SELECT position, " + order.stream().map(k -> quote(k.column()))
                .collect(Collectors.joining(", "))
                + "\nFROM (SELECT row_number() OVER (ORDER BY " + String.join(", ", order(order)) + ") - 1 AS position"
                + order.stream().map(k -> ",\n             CAST(" + quote(k.column()) + " AS text) AS "
                + quote(k.column())).collect(Collectors.joining())
                + "\n      FROM " + relation
                + (where.isEmpty() ? "" : "\n      WHERE " + String.join("\n        AND ", where))
                + ") AS numbered"
                + "\nWHERE position > 0\n  AND position % CAST(? AS bigint) = 0"
                + "\nORDER BY position";
        return new Statement(sql, parameters);
    }

    /**
     * For each column of the order, whether any row the filters leave has a null in it (one boolean column each,
     * in the order's order), in one pass over the rows: where there are none, the conditions of {@link #pageFrom}
     * need no null cases.
     */
    public Statement nullsInOrder(List<SortKey> sort, List<Filter> filters) {
        List<Parameter> parameters = new ArrayList<>();
        List<String> where = conditions(filters, parameters);
        return new Statement("SELECT " + ordering(sort).stream()
                .map(k -> "coalesce(bool_or(" + quote(k.column()) + " IS NULL), false)")
                .collect(Collectors.joining(",\n       "))
                + "\nFROM " + relation + (where.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", where)),
                parameters);
    }

    /**
     * One page read from an anchor: the rows at or after {@code anchor} (the text of the order's columns, from
     * {@link #anchors}; null for a null) in the order, skipping {@code skip} of them. Only for an
     * {@link #anchorable} order; {@code nullable} says, per order column, whether the rows have nulls in it
     * ({@link #nullsInOrder}).
     *
     * <p>"At or after" is written so that an index can seek to it. The order is cut into runs of columns going the
     * same way without nulls; a run compares as one row ({@code ("a", "b") >= (?, ?)}). A uniform order without
     * nulls is one run and one row comparison. Otherwise the runs nest: after the first run's values, or equal to
     * them and at or after the rest; the first run's own bound comes first, for the index. Nulls sort as PostgreSQL
     * sorts them by default: last ascending, first descending.
     */
    public Statement pageFrom(RowsRequest request, List<String> anchor, List<Boolean> nullable, long skip) {
        List<SortKey> order = ordering(request.sort());
        if (!unique || anchor.size() != order.size() || nullable.size() != order.size()) {
            throw new IllegalArgumentException("an anchor has one value per column of the order of a report with a"
                    + " unique key");
        }
        List<Parameter> parameters = new ArrayList<>();
        List<String> where = new ArrayList<>(conditions(request.filters(), parameters));
        List<Run> runs = runs(order, anchor, nullable);
        if (runs.size() > 1) {
            String bound = runs.get(0).atOrAfter(parameters);
            if (!bound.equals("TRUE")) {
                where.add(bound);
            }
        }
        where.add(atOrAfter(runs, 0, parameters));
        return select(where, parameters, order, request.size(), skip);
    }

    private String atOrAfter(List<Run> runs, int from, List<Parameter> parameters) {
        Run run = runs.get(from);
        if (from == runs.size() - 1) {
            return run.atOrAfter(parameters);
        }
        String after = run.after(parameters);
        String equal = run.equal(parameters);
        String rest = atOrAfter(runs, from + 1, parameters);
        return after.equals("FALSE") ? equal + " AND " + rest : "(" + after + " OR (" + equal + " AND " + rest + "))";
    }

    /** Consecutive columns of the order one way without nulls, or one column that has nulls. */
    private List<Run> runs(List<SortKey> order, List<String> anchor, List<Boolean> nullable) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            SortKey column = order.get(i);
            boolean plain = !nullable.get(i) && anchor.get(i) != null;
            Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (plain && last != null && last.plain() && last.descending() == column.descending()) {
                last.columns().add(column.column());
                last.types().add(castType(column.column()));
                last.values().add(anchor.get(i));
            } else {
                runs.add(new Run(new ArrayList<>(List.of(column.column())),
                        new ArrayList<>(List.of(castType(column.column()))),
                        new ArrayList<>(Arrays.asList(anchor.get(i))), column.descending(), plain));
            }
        }
        return runs;
    }

    /**
     * Columns compared together with their anchor values: several without nulls as one row, or one that has nulls
     * (its value may be null). Each method writes its condition and adds its parameters, in the order written.
     */
    private record Run(List<String> columns, List<String> types, List<String> values, boolean descending,
                       boolean plain) {

        String after(List<Parameter> parameters) {
            return compare(descending ? "<" : ">", parameters);
        }

        String atOrAfter(List<Parameter> parameters) {
            return compare(descending ? "<=" : ">=", parameters);
        }

        String equal(List<Parameter> parameters) {
            String value = values.get(0);
            return !plain && value == null ? quote(columns.get(0)) + " IS NULL" : compare("=", parameters);
        }

        private String compare(String operator, List<Parameter> parameters) {
            if (plain) {
                return row(columns.stream().map(ReportQuery::quote).toList()) + " " + operator + " "
                        + row(values(parameters));
            }
            String column = quote(columns.get(0));
            String value = values.get(0);
            boolean orEqual = operator.endsWith("=");
            if (value == null) { // null is last ascending, first descending
                if (!descending) {
                    return orEqual ? column + " IS NULL" : "FALSE";
                }
                return orEqual ? "TRUE" : column + " IS NOT NULL";
            }
            String compared = column + " " + operator + " " + values(parameters).get(0);
            return descending || operator.equals("=") ? compared : "(" + compared + " OR " + column + " IS NULL)";
        }

        private List<String> values(List<Parameter> parameters) {
            List<String> placeholders = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                placeholders.add("CAST(? AS " + types.get(i) + ")");
                parameters.add(new Parameter(values.get(i), types.get(i)));
            }
            return placeholders;
        }

        private static String row(List<String> items) {
            return items.size() == 1 ? items.get(0) : "(" + String.join(", ", items) + ")";
        }
    }

    private static List<String> order(List<SortKey> order) {
        return order.stream().map(k -> quote(k.column()) + (k.descending() ? " DESC" : " ASC")).toList();
    }

    private List<String> conditions(List<Filter> filters, List<Parameter> parameters) {
        List<String> where = new ArrayList<>();
        for (Filter filter : filters) {
            ReportColumn column = columns.get(filter.column());
            if (column == null) {
                throw new IllegalArgumentException("not a column of " + relation + ": " + filter.column());
            }
            where.add(condition(column, filter, parameters));
        }
        return where;
    }

    private static String condition(ReportColumn column, Filter filter, List<Parameter> parameters) {
        String name = quote(column.name());
        Function<String, String> value = v -> {
            parameters.add(new Parameter(v, column.castType()));
            return "CAST(? AS " + column.castType() + ")";
        };
        FilterOperator operator = filter.operator();
        return switch (operator) {
            case EQ -> name + " = " + value.apply(filter.values().get(0));
            case NE -> name + " <> " + value.apply(filter.values().get(0));
            case LT -> name + " < " + value.apply(filter.values().get(0));
            case LE -> name + " <= " + value.apply(filter.values().get(0));
            case GT -> name + " > " + value.apply(filter.values().get(0));
            case GE -> name + " >= " + value.apply(filter.values().get(0));
            case CONTAINS -> like(name, "%" + escapeLike(filter.values().get(0)) + "%", parameters);
            case STARTSWITH -> like(name, escapeLike(filter.values().get(0)) + "%", parameters);
            case IN -> name + " IN (" + filter.values().stream().map(value).collect(Collectors.joining(", ")) + ")";
            case ISNULL -> name + " IS NULL";
            case NOTNULL -> name + " IS NOT NULL";
        };
    }

    /** Case-insensitive; the pattern's own wildcards come only from here, the user's are escaped. */
    private static String like(String name, String pattern, List<Parameter> parameters) {
        parameters.add(new Parameter(pattern, null));
        return name + " ILIKE ? ESCAPE '\\'";
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A catalog identifier, quoted. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
