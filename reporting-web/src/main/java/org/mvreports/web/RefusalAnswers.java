package org.mvreports.web;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Collection;
import java.util.List;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.refusal.RequestRefusedException;

/**
 * The API's answer to every refusal, by its reason: 400 for a request that cannot be read as asked, 404 for
 * something named in the address that does not exist (a report named in the body instead, say in a refresh job's
 * list, makes the request itself wrong: 400), 409 for what the state of things does not allow, 503 with Retry-After
 * for what cannot be answered right now. The body carries the refusal's message and its details.
 */
@Provider
public class RefusalAnswers implements ExceptionMapper<RequestRefusedException> {

    /** A plain refresh takes seconds to minutes; asking again after a few seconds is polite and soon enough. */
    static final int RETRY_AFTER_SECONDS = ApiErrors.RETRY_AFTER_SECONDS;

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(RequestRefusedException refused) {
        return answer(refused, uri);
    }

    /** The answer to {@code refused}, a request to {@code uri}. */
    static Response answer(RequestRefusedException refused, UriInfo uri) {
        ApiError body = ApiError.of(refused.getMessage(), refused.details());
        return switch (refused.reason()) {
            case INVALID -> body.answer(Response.Status.BAD_REQUEST);
            case NOT_FOUND -> body.answer(refused instanceof UnknownReportException unknown
                    && !namedInTheAddress(unknown.details(), uri) ? Response.Status.BAD_REQUEST
                    : Response.Status.NOT_FOUND);
            case CONFLICT -> body.answer(Response.Status.CONFLICT);
            case UNAVAILABLE -> Response.fromResponse(body.answer(Response.Status.SERVICE_UNAVAILABLE))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        };
    }

    private static boolean namedInTheAddress(List<String> names, UriInfo uri) {
        Collection<List<String>> values = uri.getPathParameters().values();
        return values.stream().flatMap(List::stream).anyMatch(names::contains);
    }
}
