package org.mvreports.report.boundary;

import jakarta.ejb.ApplicationException;

/**
 * The report's rows cannot be read right now: it is being refreshed plainly (which locks it), or it has never been
 * refreshed yet (nothing to export). The API answers 503 with Retry-After; try again later.
 */
@ApplicationException
public class ReportUnavailableException extends RuntimeException {

    public ReportUnavailableException(String message) {
        super(message);
    }
}
