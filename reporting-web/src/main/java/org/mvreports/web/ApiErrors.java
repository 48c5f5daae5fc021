package org.mvreports.web;

import jakarta.ejb.AccessLocalException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.database.ConnectionLoss;

/**
 * Turns exceptions no feature maps itself into the API's error answers: a missing role into 403, a body that is not
 * JSON of the expected shape and values that make no sense into 400, a database that cannot be reached (restarting,
 * say) into 503 with Retry-After, anything else into a 500 that says nothing about the inside (the details go to
 * the server log). Each feature maps its own boundary's exceptions (e.g. the refresh feature's
 * {@code RefreshJobErrors}): JAX-RS picks the mapper of the closest type, so those win over this one.
 */
@Provider
public class ApiErrors implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    /** How long a client should wait before asking again when the database is away (a restart takes seconds). */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof EJBAccessException || thrown instanceof AccessLocalException) {
            return ApiError.of("your account does not have the role this needs").answer(Response.Status.FORBIDDEN);
        }
        if (thrown instanceof ProcessingException) {
            // Raised while reading the request entity: the body is not JSON of the expected shape.
            return ApiError.of("the request body is not valid JSON of the expected shape")
                    .answer(Response.Status.BAD_REQUEST);
        }
        Throwable e = thrown instanceof EJBException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (e instanceof BadRequestException || e instanceof IllegalArgumentException) {
            return ApiError.of(e.getMessage()).answer(Response.Status.BAD_REQUEST);
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String message = status == 400 ? "the request body is not valid JSON of the expected shape"
                    : web.getMessage();
            return ApiError.of(message).answer(Response.Status.fromStatusCode(status));
        }
        if (ConnectionLoss.isConnectionLoss(e)) {
            LOG.warning(() -> "the database cannot be reached: " + e.getMessage());
            return Response.fromResponse(ApiError.of("the database cannot be reached right now; try again in a few"
                    + " seconds").answer(Response.Status.SERVICE_UNAVAILABLE))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        LOG.log(Level.SEVERE, "unexpected error in the REST API", thrown);
        return ApiError.of("internal error; see the server log").answer(Response.Status.INTERNAL_SERVER_ERROR);
    }

    /** The request is well-formed JSON but its values make no sense; the message says which. */
    public static class BadRequestException extends RuntimeException {
        public BadRequestException(String message) {
            super(message);
        }
    }
}
