package org.mvreports.refresh.job.entity;

import java.util.List;
import org.mvreports.refusal.RequestRefusedException;

/** An execution id that is not a refresh job execution. */
public class UnknownExecutionException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public UnknownExecutionException(long executionId) {
        super(Reason.NOT_FOUND, "no refresh job execution " + executionId, List.of());
    }
}
