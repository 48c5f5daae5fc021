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
        /** ISO-8601 (PT30M) or {@code <n> minutes|hours|days}; the empty string goes back to the report file's. */
        public String refreshInterval;
        /**
         * The interval in force the change was made on (either form), optional: when someone changed it meanwhile,
         * the change is refused with 409 and the interval in force now.
         */
        public String expectedInterval;
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
