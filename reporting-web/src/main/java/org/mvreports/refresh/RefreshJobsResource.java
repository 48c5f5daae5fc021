package org.mvreports.refresh;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.security.entity.Roles;

/**
 * {@code /api/refresh-jobs}: start refresh jobs, follow them, stop and restart them (refresh-admin only; the EJB
 * enforces it). Starting answers 202 Accepted with the execution id and its address: the job runs on. Jobs started
 * or restarted here are logged with trigger API and the caller's name.
 */
@Path("refresh-jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
public class RefreshJobsResource {

    /** Body of {@code POST /refresh-jobs}; every field is optional. */
    public static class StartRequest {
        /** View names; absent or empty: all reports. */
        public List<String> views;
        /** Also refresh views downstream of the named ones; absent: the default (yes). */
        public Boolean includeDependents;
        /** Refresh views whose sources did not change too; absent: the default (no). */
        public Boolean force;
    }

    @Inject
    RefreshJobs jobs;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRequest request) {
        StartRequest body = request == null ? new StartRequest() : request;
        List<String> views = body.views == null ? List.of() : body.views;
        if (views.stream().anyMatch(v -> v == null || v.isBlank())) {
            throw new InvalidRequestException("view names must not be blank");
        }
        return accepted(jobs.start(Set.copyOf(views), body.includeDependents, body.force, RefreshJobs.Channel.API));
    }

    /** Executions, newest first: {@code ?page=0&size=20}. */
    @GET
    public List<RefreshJobStatus> list(@QueryParam("page") @DefaultValue("0") int page,
                                       @QueryParam("size") @DefaultValue("20") int size) {
        return jobs.list(page, size);
    }

    @GET
    @Path("{id}")
    public RefreshJobStatus status(@PathParam("id") long executionId) {
        return jobs.status(executionId);
    }

    @POST
    @Path("{id}/stop")
    public Response stop(@PathParam("id") long executionId) {
        jobs.stop(executionId);
        return Response.accepted(Map.of("executionId", executionId)).build();
    }

    @POST
    @Path("{id}/restart")
    public Response restart(@PathParam("id") long executionId) {
        return accepted(jobs.restart(executionId, RefreshJobs.Channel.API));
    }

    @POST
    @Path("{id}/abandon")
    public Response abandon(@PathParam("id") long executionId) {
        jobs.abandon(executionId);
        return Response.ok(Map.of("executionId", executionId)).build();
    }

    private Response accepted(long executionId) {
        return Response.accepted(Map.of("executionId", executionId))
                .location(uri.getBaseUriBuilder().path("refresh-jobs").path(String.valueOf(executionId)).build())
                .build();
    }
}
