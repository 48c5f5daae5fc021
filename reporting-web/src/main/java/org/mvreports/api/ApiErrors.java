package org.mvreports.api;

import jakarta.ejb.AccessLocalException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.database.ConnectionLoss;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.job.control.ExecutionStateException;
import org.mvreports.refresh.job.control.UnknownExecutionException;

/**
 * Turns exceptions into the API's error answers: the caller's mistakes into 4xx with a clear message, a database
 * that cannot be reached (restarting, say) into 503 with Retry-After, anything else into a 500 that says nothing
 * about the inside (the details go to the server log).
 */
@Provider
public class ApiErrors implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    /** How long a client should wait before asking again when the database is away (a restart takes seconds). */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof EJBAccessException || thrown instanceof AccessLocalException) {
            return answer(Response.Status.FORBIDDEN, ApiError.of("your account does not have the role this needs"));
        }
        if (thrown instanceof ProcessingException) {
            // Raised while reading the request entity: the body is not JSON of the expected shape.
            return answer(Response.Status.BAD_REQUEST,
                    ApiError.of("the request body is not valid JSON of the expected shape"));
        }
        Throwable e = thrown instanceof EJBException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (e instanceof UnknownViewsException unknown) {
            return answer(Response.Status.BAD_REQUEST,
                    new ApiError(unknown.getMessage(), List.copyOf(new java.util.TreeSet<>(unknown.views()))));
        }
        if (e instanceof UnknownExecutionException) {
            return answer(Response.Status.NOT_FOUND, ApiError.of(e.getMessage()));
        }
        if (e instanceof ExecutionStateException) {
            return answer(Response.Status.CONFLICT, ApiError.of(e.getMessage()));
        }
        if (e instanceof BadRequestException || e instanceof IllegalArgumentException) {
            return answer(Response.Status.BAD_REQUEST, ApiError.of(e.getMessage()));
        }
        if (e instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            String message = status == 400 ? "the request body is not valid JSON of the expected shape"
                    : web.getMessage();
            return answer(Response.Status.fromStatusCode(status), ApiError.of(message));
        }
        if (ConnectionLoss.isConnectionLoss(e)) {
            LOG.warning(() -> "the database cannot be reached: " + e.getMessage());
            return Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                    .header("Retry-After", RETRY_AFTER_SECONDS)
                    .entity(ApiError.of("the database cannot be reached right now; try again in a few seconds"))
                    .build();
        }
        LOG.log(Level.SEVERE, "unexpected error in the REST API", thrown);
        return answer(Response.Status.INTERNAL_SERVER_ERROR, ApiError.of("internal error; see the server log"));
    }

    private static Response answer(Response.Status status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }

    /** The request is well-formed JSON but its values make no sense; the message says which. */
    public static class BadRequestException extends RuntimeException {
        public BadRequestException(String message) {
            super(message);
        }
    }
}
