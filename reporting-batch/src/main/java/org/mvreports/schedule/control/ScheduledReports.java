package org.mvreports.schedule.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        Map<String, Instant> lastClaim = ScheduleClaims.latest(connection, views.stream().map(MaterializedView::name)
                .toList());
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
}
