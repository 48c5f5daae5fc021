package org.mvreports.report.entity;

import java.util.List;

/**
 * One condition on a column, as the API and the page's URL write it: {@code column:operator:value}, e.g.
 * {@code uploads:ge:100}, {@code destination:in:Oslo,Rome}, {@code approved_at:isnull}. The value is everything after
 * the second colon (so it may hold colons, as times do); {@code in} takes a comma-separated list, in which a comma
 * that belongs to a value is written {@code \,}. Several filters are ANDed. Read and checked against the report's
 * columns by {@code RowsRequests}.
 *
 * @param column   the column's name
 * @param operator how it is compared
 * @param values   the value(s) as given; none for {@code isnull} and {@code notnull}, one except for {@code in}
 */
public record Filter(String column, FilterOperator operator, List<String> values) {

    /** The most values an {@code in} filter may list. */
    public static final int MAX_VALUES = 100;

    public Filter {
        values = List.copyOf(values);
    }

    /** The API's form of this filter. */
    public String asText() {
        StringBuilder text = new StringBuilder(column).append(':').append(operator.apiName());
        if (operator.takesValue()) {
            text.append(':').append(String.join(",", values.stream()
                    .map(v -> operator == FilterOperator.IN ? v.replace(",", "\\,") : v).toList()));
        }
        return text.toString();
    }
}
