package org.mvreports.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer of the API.
 *
 * @param error   what went wrong, for a person
 * @param details the offending values (e.g. unknown report names), empty when there are none
 */
public record ApiError(String error, List<String> details) {

    public static ApiError of(String error) {
        return new ApiError(error, List.of());
    }

    /** An error answer with this body. */
    public Response answer(Response.Status status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
