package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.refresh.control.ChangeTracking;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.ViewProgress;
import org.mvreports.refresh.job.entity.ViewState;
import org.mvreports.settings.ReportingSettings;

/**
 * What running refresh jobs are expected to take still ({@link TimeLeft}), from what the database knows: how long
 * each view's recent successful refreshes took (the median of the last few), whether its sources changed since its
 * last refresh (in a job that is not forced, a view whose sources did not change, and none of whose upstream views
 * in the job is refreshed, is expected to be skipped), the views it reads, and the job's parallelism.
 */
@ApplicationScoped
public class JobTimeLeft {

    @Inject
    LocalTransactions database;

    @Inject
    PostgresCatalog catalog;

    @Inject
    ReportingSettings settings;

    /** The executions, the running ones with their time left and each view's expected duration. */
    public List<RefreshJobStatus> estimate(List<RefreshJobStatus> executions) throws SQLException {
        if (executions.stream().noneMatch(e -> RefreshJobStatus.running(e.batchStatus()))) {
            return executions;
        }
        List<MaterializedView> views = catalog.materializedViews();
        Map<String, MaterializedView> byName = views.stream()
                .filter(v -> v.schema().equals(PostgresCatalog.REPORT_SCHEMA))
                .collect(Collectors.toMap(MaterializedView::name, Function.identity(), (a, b) -> a));
        return database.inTransaction(connection -> {
            List<String> names = List.copyOf(byName.keySet());
            Map<String, Duration> typical = RefreshLog.typicalDurations(connection, PostgresCatalog.REPORT_SCHEMA,
                    names);
            Map<String, Instant> unseen = ChangeTracking.unseenChanges(connection, views, LastSuccess.snapshots(
                    RefreshLog.lastSuccesses(connection, PostgresCatalog.REPORT_SCHEMA, names)));
            Instant now = now(connection);
            return executions.stream().map(e -> RefreshJobStatus.running(e.batchStatus())
                    ? estimate(e, byName, typical, unseen, now) : e).toList();
        });
    }

    private RefreshJobStatus estimate(RefreshJobStatus execution, Map<String, MaterializedView> byName,
                                      Map<String, Duration> typical, Map<String, Instant> unseen, Instant now) {
        boolean forced = execution.request() != null && execution.request().force();
        Set<String> inJob = execution.views().stream().map(ViewProgress::view).collect(Collectors.toSet());
        Set<String> refreshed = new HashSet<>();
        List<TimeLeft.Step> steps = new ArrayList<>();
        for (ViewProgress view : execution.views()) {
            MaterializedView definition = byName.get(view.view());
            List<String> upstream = definition == null ? List.of() : definition.upstreamViews().stream()
                    .filter(key -> key.startsWith(PostgresCatalog.REPORT_SCHEMA + "."))
                    .map(key -> key.substring(PostgresCatalog.REPORT_SCHEMA.length() + 1))
                    .filter(inJob::contains).toList();
            boolean unchanged = !forced && unseen.containsKey(view.view()) && unseen.get(view.view()) == null
                    && upstream.stream().noneMatch(refreshed::contains);
            if (view.state() == ViewState.DONE ? "SUCCEEDED".equals(view.outcome()) : !unchanged) {
                refreshed.add(view.view());
            }
            steps.add(new TimeLeft.Step(view.view(), view.state(), view.startedAt(),
                    unchanged ? Duration.ZERO : typical.get(view.view()), upstream));
        }
        TimeLeft.Estimate estimate = TimeLeft.of(steps, settings.refreshParallelism(), now);
        List<ViewProgress> expected = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            ViewProgress view = execution.views().get(i);
            expected.add(view.expecting(steps.get(i).expected(), estimate.overrunning().contains(view.view())));
        }
        return execution.expecting(expected,
                estimate.remaining() == null ? null : now.plus(estimate.remaining()), estimate.remaining());
    }

    private static Instant now(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
