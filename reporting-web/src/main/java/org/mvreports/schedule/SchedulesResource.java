package org.mvreports.schedule;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.schedule.boundary.Schedules;
import org.mvreports.security.entity.Roles;

/**
 * {@code /api/schedules}: each report's agreed refresh interval and whether it is scheduled, and the global switch
 * (refresh-admin only; the EJB enforces it).
 */
@Path("schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.REFRESH_ADMIN)
public class SchedulesResource {

    /** Body of {@code PUT /schedules/{view}}: absent fields are left as they are. */
    public static class ScheduleChange {
        /** ISO-8601 (e.g. PT30M); the empty string goes back to the report file's interval. */
        public String refreshInterval;
        public Boolean enabled;
    }

    /** Body of {@code PUT /schedules}: the global switch. */
    public static class SchedulerChange {
        public Boolean enabled;
    }

    @Inject
    Schedules schedules;

    @GET
    public Schedules.Overview overview() {
        return schedules.overview();
    }

    @PUT
    public Schedules.Overview setScheduler(SchedulerChange change) {
        if (change == null || change.enabled == null) {
            throw new InvalidRequestException("send {\"enabled\": true|false}");
        }
        schedules.setSchedulerEnabled(change.enabled);
        return schedules.overview();
    }

    @PUT
    @Path("{view}")
    public Schedules.Overview change(@PathParam("view") String view, ScheduleChange change) {
        if (change == null || (change.refreshInterval == null && change.enabled == null)) {
            throw new InvalidRequestException("send refreshInterval (ISO-8601, \"\" for the file's) and/or"
                    + " enabled");
        }
        Duration interval = change.refreshInterval == null || change.refreshInterval.isBlank() ? null
                : parse(change.refreshInterval);
        if (change.refreshInterval != null) {
            schedules.setInterval(view, interval);
        }
        if (change.enabled != null) {
            schedules.setEnabled(view, change.enabled);
        }
        return schedules.overview();
    }

    private static Duration parse(String iso) {
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("refreshInterval must be ISO-8601 like PT30M, was '"
                    + InvalidRequestException.excerpt(iso) + "'");
        }
    }
}
