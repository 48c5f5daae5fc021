package org.mvreports.report.boundary;

import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A request for a report's rows or export that cannot be answered as asked (the API answers 400 with the message and
 * {@link #allowed()}): an unknown column or operator, a value that does not read as its column's type, a page out of
 * range. Nothing was read.
 */
@ApplicationException
public class InvalidReportRequestException extends RuntimeException {

    private final List<String> allowed;

    public InvalidReportRequestException(String message, List<String> allowed) {
        super(message);
        this.allowed = List.copyOf(allowed);
    }

    /** What would have been accepted instead, e.g. the report's column names or a column's operators. */
    public List<String> allowed() {
        return allowed;
    }
}
