package org.mvreports.refresh;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import java.util.Set;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.security.entity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mvreports.web.ApiDocs;
import org.mvreports.web.ApiParameters;
import org.mvreports.web.StrictJsonBodies;


/**
 * {@code /api/refresh-jobs}: start refresh jobs, follow them, stop and restart them (refresh-admin only; the EJB
 * enforces it). Starting answers 202 Accepted with the execution id and its address: the job runs on. Jobs started
 * or restarted here are logged with trigger API and the caller's name.
 */
@Path("refresh-jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
@Tag(name = ApiDocs.JOBS, description = "Refresh jobs: start, follow, stop, restart, abandon (refresh-admin)")
public class RefreshJobsResource {

    /** The answer of an operation on one execution. */
    public record ExecutionId(long executionId) {
    }

    /** Body of {@code POST /refresh-jobs}; every field is optional. */
    public static class StartRequest implements StrictJsonBodies.RequestBody {
        /** View names; absent or empty: all reports. */
        @Schema(description = "Report names; absent or empty: every report", type = SchemaType.ARRAY,
                implementation = String.class)
        @Size(max = 1000)
        public List<@Size(min = 1, max = 200) String> views;
        /** Also refresh views downstream of the named ones; absent: the default (yes). */
        @Schema(description = "Also refresh the reports built on the named ones (default true)")
        public Boolean includeDependents;
        /** Refresh views whose sources did not change too; absent: the default (no). */
        @Schema(description = "Refresh even reports whose sources did not change (default false)")
        public Boolean force;
    }

    private static final String EXECUTION = "The job's execution id";

    @Inject
    RefreshJobs jobs;

    @Context
    UriInfo uri;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a refresh job", description = "Refreshes the named reports (all when none are"
            + " named) in dependency order, in the background; logged with trigger API and the caller's name.")
    @APIResponse(responseCode = "202", description = "Started; Location is its status", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionId.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response start(@RequestBody(description = "What to refresh; an empty body refreshes every report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = StartRequest.class))) StartRequest request) {
        StartRequest body = request == null ? new StartRequest() : request;
        List<String> views = body.views == null ? List.of() : body.views;
        if (views.stream().anyMatch(String::isBlank)) {
            throw new InvalidRequestException("view names must not be blank");
        }
        return accepted(jobs.start(Set.copyOf(views), body.includeDependents, body.force, RefreshJobs.Channel.API));
    }

    /** Executions, newest first: {@code ?page=0&size=20}. */
    @GET
    @Operation(summary = "Refresh jobs, newest first", description = "Every node's executions with their"
            + " per-report progress.")
    @APIResponse(responseCode = "200", description = "A page of executions", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = RefreshJobStatus.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<RefreshJobStatus> list(@Parameter(description = ApiDocs.PAGE, schema = @Schema(
                                               type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
                                       @QueryParam("page") String page,
                                       @Parameter(description = "Executions per page, 1 to 100", schema = @Schema(
                                               type = SchemaType.INTEGER, minimum = "1", maximum = "100",
                                               defaultValue = "20"))
                                       @QueryParam("size") String size) {
        Integer pageNumber = ApiParameters.wholeNumber("page", page);
        Integer pageSize = ApiParameters.wholeNumber("size", size);
        return jobs.list(pageNumber == null ? 0 : pageNumber, pageSize == null ? 20 : pageSize);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A refresh job's status", description = "Its state, each report's progress, outcome and"
            + " error, and while it runs the time it has left.")
    @APIResponse(responseCode = "200", description = "The execution", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RefreshJobStatus.class)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public RefreshJobStatus status(@Parameter(description = EXECUTION, required = true, schema = @Schema(
            type = SchemaType.INTEGER, format = "int64")) @PathParam("id") String id) {
        return jobs.status(ApiParameters.id("id", id));
    }

    @POST
    @Path("{id}/stop")
    @Operation(summary = "Stop a running job", description = "The report being refreshed finishes; the rest are"
            + " not started. The job ends STOPPED and can be restarted.")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionId.class)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response stop(@Parameter(description = EXECUTION, required = true, schema = @Schema(
            type = SchemaType.INTEGER, format = "int64")) @PathParam("id") String id) {
        long executionId = ApiParameters.id("id", id);
        jobs.stop(executionId);
        return Response.accepted(new ExecutionId(executionId)).build();
    }

    @POST
    @Path("{id}/restart")
    @Operation(summary = "Restart a stopped or failed job", description = "A new execution refreshes what the old"
            + " one had not done, and says which it resumes.")
    @APIResponse(responseCode = "202", description = "Accepted", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionId.class)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response restart(@Parameter(description = EXECUTION, required = true, schema = @Schema(
            type = SchemaType.INTEGER, format = "int64")) @PathParam("id") String id) {
        return accepted(jobs.restart(ApiParameters.id("id", id), RefreshJobs.Channel.API));
    }

    @POST
    @Path("{id}/abandon")
    @Operation(summary = "Abandon an ended job", description = "It can no longer be restarted.")
    @APIResponse(responseCode = "200", description = "Done", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExecutionId.class)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response abandon(@Parameter(description = EXECUTION, required = true, schema = @Schema(
            type = SchemaType.INTEGER, format = "int64")) @PathParam("id") String id) {
        long executionId = ApiParameters.id("id", id);
        jobs.abandon(executionId);
        return Response.ok(new ExecutionId(executionId)).build();
    }

    private Response accepted(long executionId) {
        return Response.accepted(new ExecutionId(executionId))
                .location(uri.getBaseUriBuilder().path("refresh-jobs").path(String.valueOf(executionId)).build())
                .build();
    }
}
