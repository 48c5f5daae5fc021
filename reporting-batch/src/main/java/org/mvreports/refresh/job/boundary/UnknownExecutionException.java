package org.mvreports.refresh.job.boundary;

import jakarta.ejb.ApplicationException;

/** An execution id that is not a refresh job execution (the API answers 404). */
@ApplicationException
public class UnknownExecutionException extends RuntimeException {

    public UnknownExecutionException(long executionId) {
        super("no refresh job execution " + executionId);
    }
}
