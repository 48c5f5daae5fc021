package org.mvreports.schedule;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.schedule.boundary.Schedules;
import org.mvreports.security.entity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mvreports.web.ApiDocs;
import org.mvreports.web.StrictJsonBodies;


/**
 * {@code /api/schedules}: each report's agreed refresh interval and whether it is scheduled, and the global switch
 * (refresh-admin only; the EJB enforces it).
 */
@Path("schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
@Tag(name = ApiDocs.SCHEDULES, description = "Agreed refresh intervals, schedule switches and the global switch"
        + " (refresh-admin)")
public class SchedulesResource {

    /** Body of {@code PUT /schedules/{view}}: absent fields are left as they are. */
    public static class ScheduleChange implements StrictJsonBodies.RequestBody {
        /** ISO-8601 (PT30M) or {@code <n> minutes|hours|days}; the empty string goes back to the report file's. */
        @Schema(description = "ISO-8601 (PT30M) or '<n> minutes|hours|days', from 1 minute to 366 days; \"\""
                + " goes back to the report file's", example = "6 hours")
        @Size(max = 50)
        public String refreshInterval;
        /**
         * The interval in force the change was made on (either form), optional: when someone changed it meanwhile,
         * the change is refused with 409 and the interval in force now.
         */
        @Schema(description = "The interval in force the change was made on (optional): if someone changed it"
                + " meanwhile, the change is refused with 409")
        @Size(max = 50)
        public String expectedInterval;
        @Schema(description = "Whether the scheduler refreshes this report")
        public Boolean enabled;
    }

    /** Body of {@code PUT /schedules}: the global switch. */
    public static class SchedulerChange implements StrictJsonBodies.RequestBody {
        @Schema(description = "Whether the scheduler refreshes anything at all", required = true)
        public Boolean enabled;
    }

    @Inject
    Schedules schedules;

    @GET
    @Operation(summary = "Schedules", description = "The global switch and each report's agreed interval, its"
            + " source (file or administrator) and schedule switch.")
    @APIResponse(responseCode = "200", description = "The schedules", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schedules.Overview.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Schedules.Overview overview() {
        return schedules.overview();
    }

    @PUT
    @Operation(summary = "Switch the scheduler on or off", description = "For every node; recorded in the admin"
            + " actions.")
    @APIResponse(responseCode = "200", description = "The schedules after the change", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schedules.Overview.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Schedules.Overview setScheduler(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SchedulerChange.class)))
                                           SchedulerChange change) {
        if (change == null || change.enabled == null) {
            throw new InvalidRequestException("send {\"enabled\": true|false}");
        }
        schedules.setSchedulerEnabled(change.enabled);
        return schedules.overview();
    }

    @PUT
    @Path("{view}")
    @Operation(summary = "Change a report's schedule", description = "Its agreed interval and/or whether it is"
            + " scheduled; recorded in the admin actions with before and after.")
    @APIResponse(responseCode = "200", description = "The schedules after the change", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Schedules.Overview.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Schedules.Overview change(@Parameter(description = "The report's name", example = "monthly_signups",
                                                required = true) @PathParam("view") String view,
                                     @RequestBody(required = true, content = @Content(
                                             mediaType = MediaType.APPLICATION_JSON,
                                             schema = @Schema(implementation = ScheduleChange.class)))
                                     ScheduleChange change) {
        if (change == null || (change.refreshInterval == null && change.enabled == null)) {
            throw new InvalidRequestException("send refreshInterval (ISO-8601 like PT30M or '<n> minutes|hours|days',"
                    + " \"\" for the file's) and/or enabled");
        }
        if (change.refreshInterval != null) {
            schedules.setInterval(view, change.refreshInterval, change.expectedInterval);
        }
        if (change.enabled != null) {
            schedules.setEnabled(view, change.enabled);
        }
        return schedules.overview();
    }
}
