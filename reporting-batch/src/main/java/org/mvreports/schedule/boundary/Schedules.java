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
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.RefreshInterval;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.history.control.AdminActions;
import org.mvreports.history.entity.AdminAction;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.schedule.control.ScheduleSettings;
import org.mvreports.schedule.entity.ScheduleChangedException;
import org.mvreports.security.entity.Roles;

/** A refresh administrator's changes to the schedule; persisted, and read by every node's scheduler. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // LocalTransactions commits each change
public class Schedules {

    @Inject
    LocalTransactions database;

    @Inject
    PostgresCatalog catalog;

    @Inject
    AdminActions actions;

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
     * Sets a report's agreed refresh interval, as an administrator types it ({@link RefreshInterval}, the one reader
     * of intervals: {@code <n> minutes|hours|days} or ISO-8601, from one minute to 366 days); blank goes back to the
     * interval of its SQL file. With {@code expected}, the interval in force the administrator saw: when it is no
     * longer in force, someone changed it meanwhile, and nothing is changed. Recorded for auditors with the interval
     * before and after.
     *
     * @param interval the new interval; null or blank: the SQL file's
     * @param expected the interval in force the change was made on, in either form; null: change whatever it is
     * @throws InvalidRequestException   when either cannot be read or is outside those bounds (nothing changed)
     * @throws ScheduleChangedException  when the interval in force is not {@code expected} (nothing changed)
     * @throws UnknownReportException    when there is no such report
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setInterval(String view, String interval, String expected) {
        Duration wanted = interval == null || interval.isBlank() ? null : RefreshInterval.parse(interval);
        Duration seen = expected == null || expected.isBlank() ? null : RefreshInterval.parse(expected);
        Duration file = report(view).metadata().refreshInterval();
        change(connection -> {
            ScheduleSettings.lock(connection); // one change at a time: the check below stays true until commit
            Duration before = ScheduleSettings.read(connection).intervals().getOrDefault(view, file);
            if (seen != null && !seen.equals(before)) {
                throw new ScheduleChangedException(view, before);
            }
            ScheduleSettings.setInterval(connection, view, wanted, caller());
            actions.append(connection, new AdminAction(caller(), AdminAction.Kind.SET_INTERVAL, view, null,
                    before.toString(), wanted == null ? file + " (the report file's)" : wanted.toString()));
        });
    }

    /**
     * Schedules a report, or stops scheduling it (it can still be refreshed by hand). Recorded for auditors.
     *
     * @throws UnknownReportException when there is no such report
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setEnabled(String view, boolean enabled) {
        report(view);
        change(connection -> {
            ScheduleSettings.lock(connection);
            boolean before = !ScheduleSettings.read(connection).disabled().contains(view);
            ScheduleSettings.setEnabled(connection, view, enabled, caller());
            actions.append(connection, new AdminAction(caller(), AdminAction.Kind.SET_SCHEDULE, view, null,
                    AdminAction.onOff(before), AdminAction.onOff(enabled)));
        });
    }

    /** Turns scheduling on or off for all reports on all nodes. Recorded for auditors. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setSchedulerEnabled(boolean enabled) {
        change(connection -> {
            ScheduleSettings.lock(connection);
            boolean before = ScheduleSettings.read(connection).schedulerEnabled();
            ScheduleSettings.setSchedulerEnabled(connection, enabled, caller());
            actions.append(connection, new AdminAction(caller(), AdminAction.Kind.SET_SCHEDULER, null, null,
                    AdminAction.onOff(before), AdminAction.onOff(enabled)));
        });
    }

    /** A change of the schedule and its record, in one transaction. */
    @FunctionalInterface
    private interface Change {
        void apply(Connection connection) throws SQLException;
    }

    private MaterializedView report(String view) {
        return catalog.materializedView(view).orElseThrow(() -> new UnknownReportException(view));
    }

    private void change(Change change) {
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
