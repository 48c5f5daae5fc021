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
 * Read leniently: a page or size that is not a number is the default, and the server checks the rest. A record's page
 * (the refresh history, say) has an address of the same kind at a place of its own ({@link Place}).
 *
 * @param place   which page shows the table and which API exports it
 * @param sort    the sort keys, {@code col} or {@code -col}, in order
 * @param filters each {@code column:operator[:value]}
 * @param page    0-based
 * @param size    rows per page
 */
public record ReportAddress(Place place, List<String> sort, List<String> filters, int page, int size)
        implements Serializable {

    /**
     * Where a table is shown and exported, below the application's context path.
     *
     * @param page   the page's path
     * @param name   the report's name, its {@code name} parameter; null for a page that shows one table only
     * @param export the path of the API that exports it (the sort and filters are added as parameters)
     */
    public record Place(String page, String name, String export) implements Serializable {

        /** The page every report opens in. */
        public static Place report(String name) {
            return new Place(PAGE, name, name == null ? null : "/api/reports/" + encode(name) + "/export");
        }
    }

    /** A report's address. */
    public ReportAddress(String name, List<String> sort, List<String> filters, int page, int size) {
        this(Place.report(name), sort, filters, page, size);
    }

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
        return of(Place.report(first(parameters, "name", null)), parameters);
    }

    /** The address a request for the page at {@code place} asked for, from its parameters. */
    public static ReportAddress of(Place place, Map<String, String[]> parameters) {
        List<String> sort = new ArrayList<>(Arrays.asList(first(parameters, "sort", "").split(",")));
        sort.removeIf(String::isBlank);
        return new ReportAddress(place, sort,
                List.of(parameters.getOrDefault("filter", new String[0])),
                number(first(parameters, "page", null), 0), number(first(parameters, "size", null), DEFAULT_SIZE));
    }

    /** The same report, first page, default size, unsorted and unfiltered. */
    public ReportAddress plain() {
        return new ReportAddress(place, List.of(), List.of(), 0, DEFAULT_SIZE);
    }

    /** Sorted and paged as given, same filters. */
    public ReportAddress at(List<String> sort, int page, int size) {
        return new ReportAddress(place, sort, filters, page, size);
    }

    /** With these filters instead, from the first page. */
    public ReportAddress filtered(List<String> filters) {
        return new ReportAddress(place, sort, filters, 0, size);
    }

    /** Without one of its filters, from the first page. */
    public ReportAddress without(String filter) {
        List<String> rest = new ArrayList<>(filters);
        rest.remove(filter);
        return filtered(rest);
    }

    /** The report's name; null for a page of one table. */
    public String name() {
        return place.name();
    }

    /** The page's address below the application's context path. */
    public String path() {
        String query = (place.name() == null ? "" : "&name=" + encode(place.name())) + sortAndFilters()
                + (page == 0 ? "" : "&page=" + page) + (size == DEFAULT_SIZE ? "" : "&size=" + size);
        return place.page() + (query.isEmpty() ? "" : "?" + query.substring(1));
    }

    /** The address of its export below the context path: the API's, with the same sort and filters. */
    public String exportPath(String format) {
        return place.export() + "?format=" + format + sortAndFilters();
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
