package org.mvreports.schedule.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.database.LocalTransactions;
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
                    String file;
                    try {
                        file = view.metadata().refreshInterval().toString();
                    } catch (IllegalArgumentException e) {
                        file = null; // a typo in the report file: shown as no interval, never scheduled
                    }
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

    /** The scheduler ticks once a minute, so a shorter interval could not be kept. */
    static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);
    static final Duration LONGEST_INTERVAL = Duration.ofDays(366);

    /**
     * Sets a report's agreed refresh interval, from {@link #SHORTEST_INTERVAL} to {@link #LONGEST_INTERVAL}; null
     * goes back to the interval of its SQL file.
     *
     * @throws InvalidRequestException when the interval is outside those bounds
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setInterval(String view, Duration interval) {
        if (interval != null
                && (interval.compareTo(SHORTEST_INTERVAL) < 0 || interval.compareTo(LONGEST_INTERVAL) > 0)) {
            throw new InvalidRequestException("a refresh interval must be from " + SHORTEST_INTERVAL + " to "
                    + LONGEST_INTERVAL + ", was " + interval);
        }
        upsert(view, """
                INSERT INTO app.report_schedules (view_name, refresh_interval, updated_by)
                VALUES (?, ?::interval, ?)
                ON CONFLICT (view_name) DO UPDATE
                SET refresh_interval = excluded.refresh_interval, updated_by = excluded.updated_by,
                    updated_at = now()""", interval == null ? null : interval.toSeconds() + " seconds");
    }

    /** Schedules a report, or stops scheduling it (it can still be refreshed by hand). */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setEnabled(String view, boolean enabled) {
        upsert(view, """
                INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                VALUES (?, ?::boolean, ?)
                ON CONFLICT (view_name) DO UPDATE
                SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()""",
                String.valueOf(enabled));
    }

    /** Turns scheduling on or off for all reports on all nodes. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void setSchedulerEnabled(boolean enabled) {
        run("UPDATE app.scheduler_settings SET enabled = ?::boolean, updated_by = ?, updated_at = now()",
                String.valueOf(enabled), caller());
    }

    private void upsert(String view, String sql, String value) {
        Set<String> unknown = catalog.unknownViews(Set.of(view));
        if (!unknown.isEmpty()) {
            throw new UnknownReportException(unknown);
        }
        run(sql, view, value, caller());
    }

    private void run(String sql, String... parameters) {
        try {
            database.inTransaction(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.length; i++) {
                        statement.setString(i + 1, parameters[i]);
                    }
                    statement.executeUpdate();
                }
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
