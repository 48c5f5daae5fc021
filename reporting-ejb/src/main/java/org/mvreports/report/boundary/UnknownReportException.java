package org.mvreports.report.boundary;

import jakarta.ejb.ApplicationException;

/** No report of that name (the API answers 404). */
@ApplicationException
public class UnknownReportException extends RuntimeException {

    public UnknownReportException(String name) {
        super("no report named " + (name.length() <= 60 ? name : name.substring(0, 60) + "…"));
    }
}
