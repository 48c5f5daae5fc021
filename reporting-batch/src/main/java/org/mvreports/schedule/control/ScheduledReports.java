package org.mvreports.schedule.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.refresh.job.control.JobProgress;

/**
 * The facts the schedule decides from, per report ({@link DueReports.Report}): read for the scheduler's decision and
 * for the freshness every page shows, so both tell the same story.
 */
@ApplicationScoped
public class ScheduledReports {

    /**
     * What the schedule knows of each report, on the caller's connection: the interval in force (an administrator's,
     * else the report file's), whether it is scheduled, the start of its last success (the agreed interval is how old
     * its data may get), the last claim, whether a running job has it.
     *
     * @param lastSuccesses each view's last successful refresh, as the caller read it in this transaction
     */
    public List<DueReports.Report> read(Connection connection, List<MaterializedView> views,
                                        ScheduleSettings schedule, Map<String, LastSuccess> lastSuccesses)
            throws SQLException {
        Map<String, Instant> lastClaim = lastClaims(connection, views);
        Set<String> inRunningJob = JobProgress.viewsOfRunningExecutions(connection);
        List<DueReports.Report> reports = new ArrayList<>();
        for (MaterializedView view : views) {
            Duration interval = schedule.intervals().getOrDefault(view.name(), view.metadata().refreshInterval());
            LastSuccess last = lastSuccesses.get(view.name());
            reports.add(new DueReports.Report(view.name(), interval, !schedule.disabled().contains(view.name()),
                    last == null ? null : last.startedAt(), lastClaim.get(view.name()),
                    inRunningJob.contains(view.name())));
        }
        return reports;
    }

    /** The newest claim per view: one index probe each, however many claims the table has collected. */
    private static Map<String, Instant> lastClaims(Connection connection, List<MaterializedView> views)
            throws SQLException {
        Map<String, Instant> instants = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT v.view_name,
                       (SELECT c.claimed_at
                        FROM app.schedule_claims c
                        WHERE c.view_name = v.view_name
                        ORDER BY c.claimed_at DESC
                        LIMIT 1)
                FROM unnest(?::text[]) AS v(view_name)""")) {
            query.setArray(1, connection.createArrayOf("text", views.stream().map(MaterializedView::name).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    if (at != null) {
                        instants.put(rs.getString(1), at.toInstant());
                    }
                }
            }
        }
        return instants;
    }

}
