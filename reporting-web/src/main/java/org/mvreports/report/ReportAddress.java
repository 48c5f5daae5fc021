package org.mvreports.report;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mvreports.report.entity.RowsRequest;

/**
 * What a report page shows, as its address holds it, so that a view of a report can be bookmarked and shared:
 * {@code reports/report.xhtml?name=<view>&sort=col,-col&filter=col:op:value&page=2&size=100}, the sort and filters in
 * the API's own form (the export's address carries the same). The first page and the default page size are left out.
 * Read leniently: a page or size that is not a number is the default, and the server checks the rest.
 *
 * @param name    the report's view name
 * @param sort    the sort keys, {@code col} or {@code -col}, in order
 * @param filters each {@code column:operator[:value]}
 * @param page    0-based
 * @param size    rows per page
 */
public record ReportAddress(String name, List<String> sort, List<String> filters, int page, int size)
        implements Serializable {

    /** Rows per page unless the address says otherwise. */
    public static final int DEFAULT_SIZE = RowsRequest.DEFAULT_SIZE;

    /** The page every report opens in, below the application's context path. */
    static final String PAGE = "/reports/report.xhtml";

    public ReportAddress {
        sort = List.copyOf(sort);
        filters = List.copyOf(filters);
    }

    /** The address a request asked for, from its parameters ({@code name}, {@code sort}, {@code filter}, ...). */
    public static ReportAddress of(Map<String, String[]> parameters) {
        List<String> sort = new ArrayList<>(Arrays.asList(first(parameters, "sort", "").split(",")));
        sort.removeIf(String::isBlank);
        return new ReportAddress(first(parameters, "name", null), sort,
                List.of(parameters.getOrDefault("filter", new String[0])),
                number(first(parameters, "page", null), 0), number(first(parameters, "size", null), DEFAULT_SIZE));
    }

    /** The same report, first page, default size, unsorted and unfiltered. */
    public ReportAddress plain() {
        return new ReportAddress(name, List.of(), List.of(), 0, DEFAULT_SIZE);
    }

    /** Sorted and paged as given, same filters. */
    public ReportAddress at(List<String> sort, int page, int size) {
        return new ReportAddress(name, sort, filters, page, size);
    }

    /** With these filters instead, from the first page. */
    public ReportAddress filtered(List<String> filters) {
        return new ReportAddress(name, sort, filters, 0, size);
    }

    /** Without one of its filters, from the first page. */
    public ReportAddress without(String filter) {
        List<String> rest = new ArrayList<>(filters);
        rest.remove(filter);
        return filtered(rest);
    }

    /** The page's address below the application's context path. */
    public String path() {
        return PAGE + "?name=" + encode(name) + sortAndFilters() + (page == 0 ? "" : "&page=" + page)
                + (size == DEFAULT_SIZE ? "" : "&size=" + size);
    }

    /** The address of its export below the context path: the API's, with the same sort and filters. */
    public String exportPath(String format) {
        return "/api/reports/" + encode(name) + "/export?format=" + format + sortAndFilters();
    }

    private String sortAndFilters() {
        StringBuilder query = new StringBuilder();
        if (!sort.isEmpty()) {
            query.append("&sort=").append(encode(String.join(",", sort)));
        }
        filters.forEach(f -> query.append("&filter=").append(encode(f)));
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, String[]> parameters, String name, String fallback) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? fallback : values[0];
    }

    private static int number(String value, int fallback) {
        return value == null || !value.matches("\\d{1,9}") ? fallback : Integer.parseInt(value);
    }
}
