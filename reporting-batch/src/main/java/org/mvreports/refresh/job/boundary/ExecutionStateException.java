package org.mvreports.refresh.job.boundary;

import jakarta.ejb.ApplicationException;

/** The operation does not fit the execution's state, e.g. restarting one that is running (the API: 409). */
@ApplicationException
public class ExecutionStateException extends RuntimeException {

    public ExecutionStateException(String message) {
        super(message);
    }
}
