package org.mvreports.report.entity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mvreports.definition.entity.BrowsableRelation;

/**
 * One page of a report's (or a record's) rows, and what it took to read them.
 *
 * @param columns          the report's columns, in order
 * @param rows             the rows, each column name → value (numbers, dates, times and booleans as such)
 * @param matchingRows     how many rows the filters leave (all rows without filters), or at least this many when
 *                         {@code matchingAtLeast}
 * @param matchingAtLeast  whether counting stopped at its cap, so there are more
 * @param request          what was asked, as read (its values normalised)
 * @param sql              the statement that read the rows, one clause per line
 * @param parameters       its parameters in order, as a psql session would write them ({@code '2024-01-01'::date})
 * @param totals           the report's totals over every matching row (not only this page), column name → sum
 *                         (a number; null when every value is null; NaN or Infinity as text); empty when the report
 *                         has none
 * @param relation         the report (or record) as the catalog described it for this read, so that what else the
 *                         caller tells about it (its freshness) needs no second look at the catalog
 */
public record ReportPage(BrowsableRelation relation, List<ReportColumn> columns, List<Map<String, Object>> rows,
                         long matchingRows, boolean matchingAtLeast, RowsRequest request, String sql,
                         List<String> parameters, Map<String, Object> totals) {

    public ReportPage {
        totals = Collections.unmodifiableMap(new LinkedHashMap<>(totals));
    }

    /** How many pages the matching rows fill. */
    public long pages() {
        return Math.max(1, (matchingRows + request.size() - 1) / request.size());
    }
}
