package org.mvreports.schedule.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.RefreshInterval;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.schedule.control.ScheduleSettings;
import org.mvreports.security.entity.Roles;

/** A refresh administrator's changes to the schedule; persisted, and read by every node's scheduler. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // LocalTransactions commits each change
public class Schedules {

    @Inject
    LocalTransactions database;

    @Inject
    PostgresCatalog catalog;

    @Resource
    SessionContext session;

    /**
     * One report's schedule.
     *
     * @param view             view name
     * @param refreshInterval  the interval in force (the admin's, else the SQL file's), ISO-8601
     * @param fileInterval     the interval the report's SQL file states, ISO-8601
     * @param enabled          whether the scheduler refreshes it
     */
    public record Schedule(String view, String refreshInterval, String fileInterval, boolean enabled) {
    }

    /** Every report's schedule, and whether scheduling is on at all. */
    public record Overview(boolean schedulerEnabled, List<Schedule> reports) {
    }

    @RolesAllowed(Roles.REFRESH_ADMIN)
    public Overview overview() {
        try {
            return database.inTransaction(connection -> {
                ScheduleSettings settings = ScheduleSettings.read(connection);
                List<Schedule> reports = new ArrayList<>();
                for (MaterializedView view : catalog.materializedViews()) {
                    String file = view.metadata().refreshInterval().toString();
                    Duration override = settings.intervals().get(view.name());
                    reports.add(new Schedule(view.name(), override == null ? file : override.toString(), file,
                            !settings.disabled().contains(view.name())));
                }
                return new Overview(settings.schedulerEnabled(), reports);
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schedule: " + e.getMessage(), e);
        }
    }

    /**
     * Sets a report's agreed refresh interval ({@link RefreshInterval}: from one minute to 366 days); null goes back
     * to the interval of its SQL file.
     *
     * @throws InvalidRequestException when the interval is outside those bounds
     * @throws UnknownReportException  when there is no such report
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setInterval(String view, Duration interval) {
        if (interval != null) {
            RefreshInterval.parse(interval.toString()); // refuses what the scheduler could not keep
        }
        change(view, connection -> ScheduleSettings.setInterval(connection, view, interval, caller()));
    }

    /**
     * Schedules a report, or stops scheduling it (it can still be refreshed by hand).
     *
     * @throws UnknownReportException when there is no such report
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setEnabled(String view, boolean enabled) {
        change(view, connection -> ScheduleSettings.setEnabled(connection, view, enabled, caller()));
    }

    /** Turns scheduling on or off for all reports on all nodes. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setSchedulerEnabled(boolean enabled) {
        change(null, connection -> ScheduleSettings.setSchedulerEnabled(connection, enabled, caller()));
    }

    /** A change of the schedule, in a transaction of its own. */
    @FunctionalInterface
    private interface Change {
        void apply(Connection connection) throws SQLException;
    }

    /** Applies {@code change}, about {@code view} (checked to exist) or about every report (null). */
    private void change(String view, Change change) {
        if (view != null) {
            Set<String> unknown = catalog.unknownViews(Set.of(view));
            if (!unknown.isEmpty()) {
                throw new UnknownReportException(unknown);
            }
        }
        try {
            database.inTransaction(connection -> {
                change.apply(connection);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the schedule: " + e.getMessage(), e);
        }
    }

    private String caller() {
        return session.getCallerPrincipal().getName();
    }
}
