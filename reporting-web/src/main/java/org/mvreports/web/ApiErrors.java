package org.mvreports.web;

import jakarta.ejb.AccessLocalException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.database.ConnectionLoss;
import org.mvreports.refusal.RequestRefusedException;

/**
 * Turns everything that is not a refusal ({@link RefusalAnswers}) into an answer that says nothing of the inside:
 * a missing role is 403; JAX-RS's own client errors keep their status (an unknown address 404, a method not allowed
 * 405, a body that is not JSON of the expected shape 400); a database that cannot be reached (restarting, say) is
 * 503 with Retry-After; anything else is a server fault: 500 with an incident id that the server log's line for it
 * carries too, so that an administrator can find the stack trace a caller reports.
 */
@Provider
public class ApiErrors implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class.getName());

    /** How long a client should wait before asking again when the database is away (a restart takes seconds). */
    static final int RETRY_AFTER_SECONDS = 5;

    @Context
    UriInfo uri;

    @Context
    Request request;

    /** What to answer: a status and a body, and whether to ask the client to try again later. */
    record Answer(Response.Status status, ApiError body, boolean retryLater) {
    }

    @Override
    public Response toResponse(Throwable thrown) {
        if (thrown instanceof EJBException && thrown.getCause() instanceof RequestRefusedException refused) {
            // A refusal a container wrapped (it took it for a system exception) is still a refusal.
            return RefusalAnswers.answer(refused, uri);
        }
        Answer answer = answer(thrown, () -> request.getMethod() + " " + uri.getRequestUri().getRawPath());
        Response response = answer.body().answer(answer.status());
        return answer.retryLater() ? Response.fromResponse(response).header("Retry-After", RETRY_AFTER_SECONDS).build()
                : response;
    }

    /** The answer to {@code thrown}; {@code request} names the request for the log line of an incident. */
    static Answer answer(Throwable thrown, Supplier<String> request) {
        if (thrown instanceof EJBAccessException || thrown instanceof AccessLocalException
                || thrown instanceof ForbiddenException) {
            return new Answer(Response.Status.FORBIDDEN, ApiError.of("your account does not have the role this"
                    + " needs"), false);
        }
        if (thrown instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            String message = status == 400 ? "the request body is not valid JSON of the expected shape"
                    : web.getMessage();
            return new Answer(Response.Status.fromStatusCode(status), ApiError.of(message), false);
        }
        if (thrown instanceof ProcessingException) {
            // Raised while reading the request entity: the body is not JSON of the expected shape.
            return new Answer(Response.Status.BAD_REQUEST,
                    ApiError.of("the request body is not valid JSON of the expected shape"), false);
        }
        Throwable e = thrown instanceof EJBException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (ConnectionLoss.isConnectionLoss(e)) {
            LOG.warning(() -> "the database cannot be reached: " + e.getMessage());
            return new Answer(Response.Status.SERVICE_UNAVAILABLE, ApiError.of("the database cannot be reached right"
                    + " now; try again in a few seconds"), true);
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.log(Level.SEVERE, "incident " + incident + ": unexpected failure answering " + request.get(), thrown);
        return new Answer(Response.Status.INTERNAL_SERVER_ERROR, new ApiError("internal error; the administrators"
                + " can find it in the server log as incident " + incident, List.of(), incident), false);
    }
}
