package org.mvreports.refresh.job.control;

import java.util.List;

/** Ends a refresh job execution as FAILED (restartable) when views failed or were skipped because of a failure. */
public class RefreshJobFailedException extends Exception {

    public RefreshJobFailedException(List<String> views) {
        super(views.size() + " view(s) not refreshed because of failures (see the refresh log): "
                + String.join(", ", views));
    }
}
