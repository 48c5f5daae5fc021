package org.mvreports.report.entity;

import java.util.List;

/**
 * Which rows of a report, in which order: what the page's URL and the API's query string say.
 *
 * @param sort    the sort columns, first one first; empty: the report's own key order
 * @param filters conditions, all of which a row must meet
 * @param page    0-based page number
 * @param size    rows per page, 1 to {@link #MAX_SIZE}
 */
public record RowsRequest(List<SortKey> sort, List<Filter> filters, int page, int size) {

    /** The largest page. */
    public static final int MAX_SIZE = 1000;

    /** Rows per page when none is asked for. */
    public static final int DEFAULT_SIZE = 50;

    public RowsRequest {
        sort = List.copyOf(sort);
        filters = List.copyOf(filters);
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be from 1 to " + MAX_SIZE + ", was " + size);
        }
    }

    /** The same sort and filters, every row (for exports). */
    public static RowsRequest everything(List<SortKey> sort, List<Filter> filters) {
        return new RowsRequest(sort, filters, 0, MAX_SIZE);
    }
}
