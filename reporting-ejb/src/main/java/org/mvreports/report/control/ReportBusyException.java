package org.mvreports.report.control;

import java.sql.SQLException;

/**
 * The report is being refreshed plainly (it has no unique key), which locks it until the refresh commits; a reader
 * gave up waiting after {@link ReportReader#READ_LOCK_TIMEOUT} rather than hang. Try again shortly.
 */
public class ReportBusyException extends RuntimeException {

    /** PostgreSQL's SQLSTATE for a lock not obtained within lock_timeout. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    ReportBusyException(String view, SQLException cause) {
        super("report " + view + " is being refreshed right now; try again in a few seconds", cause);
    }

    /** This exception when {@code e} is a lock timeout; otherwise an unexpected failure to read. */
    static RuntimeException ifBusy(String view, SQLException e) {
        if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return new ReportBusyException(view, e);
        }
        return new IllegalStateException("cannot read report " + view + ": " + e.getMessage(), e);
    }
}
