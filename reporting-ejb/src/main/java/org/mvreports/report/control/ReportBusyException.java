package org.mvreports.report.control;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The report cannot be read right now: it is being refreshed plainly (it has no unique key), which locks it until
 * the refresh commits, and a reader gave up waiting after {@link ReportReader#READ_LOCK_TIMEOUT} rather than hang; or
 * reading took longer than a read may. Try again shortly.
 */
public class ReportBusyException extends RuntimeException {

    /** PostgreSQL's SQLSTATE for a lock not obtained within lock_timeout. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    /** PostgreSQL's SQLSTATE for a statement cancelled, here by statement_timeout. */
    static final String QUERY_CANCELED = "57014";

    /** The class of SQLSTATEs for a value PostgreSQL could not take (out of range, invalid format, ...). */
    static final String DATA_EXCEPTION_CLASS = "22";

    ReportBusyException(String message, SQLException cause) {
        super(message, cause);
    }

    /**
     * What a failed read of {@code view} means for whoever asked: the report is busy (this exception), the request
     * held a value the column's type cannot take after all ({@link InvalidRowsRequestException}, with PostgreSQL's
     * own sentence), or an unexpected failure.
     */
    static RuntimeException translate(String view, SQLException e) {
        String state = e.getSQLState();
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return new ReportBusyException("report " + view + " is being refreshed right now; try again in a few"
                    + " seconds", e);
        }
        if (QUERY_CANCELED.equals(state)) {
            return new ReportBusyException("reading report " + view + " took too long; try again, or with"
                    + " narrower filters", e);
        }
        if (state != null && state.startsWith(DATA_EXCEPTION_CLASS)) {
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            return new InvalidRowsRequestException("a filter value does not fit its column: "
                    + (server != null && server.getMessage() != null ? server.getMessage() : "SQLSTATE " + state));
        }
        return new IllegalStateException("cannot read report " + view + ": " + e.getMessage(), e);
    }
}
