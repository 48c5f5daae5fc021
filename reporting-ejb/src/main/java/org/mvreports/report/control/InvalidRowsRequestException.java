package org.mvreports.report.control;

import java.util.List;

/**
 * A request for a report's rows that cannot be answered as asked: an unknown column or operator, a value that does
 * not read as the column's type, a page out of range. Nothing was read. The message names the offending part (at
 * most a short excerpt of what was sent); {@link #allowed()} lists what would have been accepted, when that helps.
 */
public class InvalidRowsRequestException extends RuntimeException {

    private final List<String> allowed;

    public InvalidRowsRequestException(String message, List<String> allowed) {
        super(message);
        this.allowed = List.copyOf(allowed);
    }

    public InvalidRowsRequestException(String message) {
        this(message, List.of());
    }

    /** What would have been accepted in place of the offending part, e.g. the report's column names. */
    public List<String> allowed() {
        return allowed;
    }
}
