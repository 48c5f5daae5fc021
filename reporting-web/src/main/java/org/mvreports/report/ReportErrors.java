package org.mvreports.report;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.mvreports.report.boundary.InvalidReportRequestException;
import org.mvreports.report.boundary.ReportUnavailableException;
import org.mvreports.report.boundary.UnknownReportException;
import org.mvreports.web.ApiError;

/**
 * The API's answers to what reading a report refuses: no such report 404, a request that cannot be read 400 (with
 * what would have been allowed), a report that cannot be read right now 503 with Retry-After.
 */
public final class ReportErrors {

    /** A plain refresh takes seconds to minutes; asking again after a few seconds is polite and soon enough. */
    static final int RETRY_AFTER_SECONDS = 5;

    private ReportErrors() {
    }

    /** No such report: 404. */
    @Provider
    public static class UnknownReport implements ExceptionMapper<UnknownReportException> {
        @Override
        public Response toResponse(UnknownReportException e) {
            return ApiError.of(e.getMessage()).answer(Response.Status.NOT_FOUND);
        }
    }

    /** A sort, filter or page that cannot be read: 400, listing what is allowed. */
    @Provider
    public static class InvalidRequest implements ExceptionMapper<InvalidReportRequestException> {
        @Override
        public Response toResponse(InvalidReportRequestException e) {
            return new ApiError(e.getMessage(), e.allowed()).answer(Response.Status.BAD_REQUEST);
        }
    }

    /** Busy (a plain refresh holds it) or never refreshed: 503, ask again later. */
    @Provider
    public static class Unavailable implements ExceptionMapper<ReportUnavailableException> {
        @Override
        public Response toResponse(ReportUnavailableException e) {
            return Response.fromResponse(ApiError.of(e.getMessage()).answer(Response.Status.SERVICE_UNAVAILABLE))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
    }
}
