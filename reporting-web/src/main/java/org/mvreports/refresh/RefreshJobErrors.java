package org.mvreports.refresh;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.TreeSet;
import org.mvreports.refresh.job.boundary.ExecutionStateException;
import org.mvreports.refresh.job.boundary.UnknownExecutionException;
import org.mvreports.refresh.job.boundary.UnknownReportsException;
import org.mvreports.web.ApiError;

/**
 * The API's answers to the refresh jobs' refusals: unknown reports 400 (naming them), an unknown execution 404, an
 * operation the execution's state does not allow 409.
 */
public final class RefreshJobErrors {

    private RefreshJobErrors() {
    }

    /** Unknown report names: 400, listing them. */
    @Provider
    public static class UnknownReports implements ExceptionMapper<UnknownReportsException> {
        @Override
        public Response toResponse(UnknownReportsException e) {
            return new ApiError(e.getMessage(), List.copyOf(new TreeSet<>(e.names())))
                    .answer(Response.Status.BAD_REQUEST);
        }
    }

    /** No such execution: 404. */
    @Provider
    public static class UnknownExecution implements ExceptionMapper<UnknownExecutionException> {
        @Override
        public Response toResponse(UnknownExecutionException e) {
            return ApiError.of(e.getMessage()).answer(Response.Status.NOT_FOUND);
        }
    }

    /** Not in a state that allows it: 409. */
    @Provider
    public static class ExecutionState implements ExceptionMapper<ExecutionStateException> {
        @Override
        public Response toResponse(ExecutionStateException e) {
            return ApiError.of(e.getMessage()).answer(Response.Status.CONFLICT);
        }
    }
}
