package org.mvreports.schedule.boundary;

import jakarta.ejb.ApplicationException;

/**
 * A refresh interval outside what the scheduler can keep. An application exception, so that the container hands it
 * to the caller as it is (the API answers 400) instead of logging it as a system failure and wrapping it.
 */
@ApplicationException
public class InvalidIntervalException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidIntervalException(String message) {
        super(message);
    }
}
