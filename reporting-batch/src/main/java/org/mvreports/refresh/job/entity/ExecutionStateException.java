package org.mvreports.refresh.job.entity;

import java.util.List;
import org.mvreports.refusal.RequestRefusedException;

/** The operation does not fit the execution's state, e.g. restarting one that is running; nothing was changed. */
public class ExecutionStateException extends RequestRefusedException {

    private static final long serialVersionUID = 1L;

    public ExecutionStateException(String message) {
        super(Reason.CONFLICT, message, List.of());
    }
}
