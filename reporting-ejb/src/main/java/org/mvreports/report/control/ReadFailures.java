package org.mvreports.report.control;

import java.sql.SQLException;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.entity.ReportUnavailableException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * What a failed read of a report means for whoever asked, by PostgreSQL's SQLSTATE: the report is busy (a plain
 * refresh holds it and the read gave up waiting after {@link ReportReader#READ_LOCK_TIMEOUT} rather than hang, or
 * the read took longer than a read may), the request held a value the column's type cannot take after all, or an
 * unexpected failure.
 */
final class ReadFailures {

    /** PostgreSQL's SQLSTATE for a lock not obtained within lock_timeout. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    /** PostgreSQL's SQLSTATE for a statement cancelled, here by statement_timeout. */
    static final String QUERY_CANCELED = "57014";

    /** The class of SQLSTATEs for a value PostgreSQL could not take (out of range, invalid format, ...). */
    static final String DATA_EXCEPTION_CLASS = "22";

    private ReadFailures() {
    }

    /**
     * @return a {@link ReportUnavailableException} (busy), an {@link InvalidRequestException} with PostgreSQL's own
     *         sentence (a filter value out of its column's range), or an {@link IllegalStateException} carrying
     *         {@code e} (anything else: a lost connection stays recognisable in its causes)
     */
    static RuntimeException translate(String view, SQLException e) {
        String state = e.getSQLState();
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            return new ReportUnavailableException("report " + view + " is being refreshed right now; try again in a"
                    + " few seconds");
        }
        if (QUERY_CANCELED.equals(state)) {
            return new ReportUnavailableException("reading report " + view + " took too long; try again, or with"
                    + " narrower filters");
        }
        if (state != null && state.startsWith(DATA_EXCEPTION_CLASS)) {
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            return new InvalidRequestException("a filter value does not fit its column: "
                    + (server != null && server.getMessage() != null ? server.getMessage() : "SQLSTATE " + state));
        }
        return new IllegalStateException("cannot read report " + view + ": " + e.getMessage(), e);
    }
}
