package org.mvreports.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer of the API.
 *
 * @param error    what went wrong, for a person
 * @param details  the offending values (e.g. unknown report names) or what would have been accepted; empty when
 *                 there are none
 * @param incident for an unexpected failure (500): the id under which the server log has its details; else absent
 */
public record ApiError(String error, List<String> details, String incident) {

    public static ApiError of(String error) {
        return new ApiError(error, List.of(), null);
    }

    public static ApiError of(String error, List<String> details) {
        return new ApiError(error, details, null);
    }

    /** An error answer with this body. */
    public Response answer(Response.Status status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
