package org.mvreports.freshness.boundary;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.database.LocalTransactions;
import org.mvreports.freshness.control.FreshnessJudge;
import org.mvreports.freshness.entity.ReportDetails;
import org.mvreports.freshness.entity.ReportStatus;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastFailure;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.refresh.control.ChangeTracking;
import org.mvreports.refresh.job.control.JobProgress;
import org.mvreports.catalog.control.PostgresCatalog;
import org.mvreports.catalog.entity.MaterializedView;
import org.mvreports.catalog.entity.ReportMetadata;
import org.mvreports.schedule.control.DueReports;
import org.mvreports.schedule.control.ScheduleSettings;
import org.mvreports.schedule.control.ScheduledReports;
import org.mvreports.security.Roles;

/**
 * The report catalog with every report's freshness, discovered from PostgreSQL on each call (a report added by a
 * migration shows up at once). Catalog metadata is for all three roles: administrators and auditors need the
 * report names too; the rows are for report viewers only (elsewhere).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // reads in a local transaction of its own
@RolesAllowed({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
public class ReportFreshness {

    @Inject
    PostgresCatalog catalog;

    @Inject
    ScheduledReports scheduledReports;

    @Inject
    LocalTransactions database;

    /** Every report, by name. */
    public List<ReportStatus> catalog() {
        return statuses(catalog.materializedViews());
    }

    /** One report, if a report of that name exists. */
    public Optional<ReportStatus> of(String name) {
        return catalog.materializedView(name).map(this::of);
    }

    /** One report the caller has just read from the catalog (e.g. with a page of its rows). */
    public ReportStatus of(MaterializedView view) {
        return statuses(List.of(view)).get(0);
    }

    /** Everything about one report but its rows, if a report of that name exists. */
    public Optional<ReportDetails> details(String name) {
        List<MaterializedView> all = catalog.materializedViews();
        Optional<MaterializedView> view = all.stream().filter(v -> v.name().equals(name)).findFirst();
        if (view.isEmpty()) {
            return Optional.empty();
        }
        MaterializedView report = view.get();
        List<String> readBy = all.stream()
                .filter(other -> other.upstreamViews().contains(report.key()))
                .map(MaterializedView::name)
                .toList();
        return Optional.of(new ReportDetails(statuses(List.of(report)).get(0), report.columns(), report.uniqueKey(),
                report.sources().stream().map(MaterializedView.SourceRelation::key).toList(), readBy,
                metadataOf(report).chart()));
    }

    private List<ReportStatus> statuses(List<MaterializedView> views) {
        try {
            return database.inTransaction(connection -> {
                List<String> names = views.stream().map(MaterializedView::name).toList();
                Map<String, LastSuccess> last = RefreshLog.lastSuccesses(connection, PostgresCatalog.REPORT_SCHEMA,
                        names);
                Map<String, LastFailure> failures = RefreshLog.lastFailures(connection,
                        PostgresCatalog.REPORT_SCHEMA, names);
                Map<String, Duration> typical = RefreshLog.typicalDurations(connection,
                        PostgresCatalog.REPORT_SCHEMA, names);
                Map<String, Instant> since = JobProgress.refreshingSince(connection);
                Map<String, String> snapshots = new HashMap<>();
                last.forEach((view, success) -> snapshots.put(view, success.snapshot()));
                Map<String, Instant> unseen = ChangeTracking.unseenChanges(connection, views, snapshots);
                ScheduleSettings schedule = ScheduleSettings.read(connection);
                Map<String, DueReports.Report> facts = scheduledReports.read(connection, views, schedule).stream()
                        .collect(Collectors.toMap(DueReports.Report::name, Function.identity()));
                Instant now;
                try (PreparedStatement query = connection.prepareStatement("SELECT now()");
                     ResultSet rs = query.executeQuery()) {
                    rs.next();
                    now = rs.getTimestamp(1).toInstant();
                }
                List<ReportStatus> statuses = new ArrayList<>();
                for (MaterializedView view : views) {
                    DueReports.Report report = facts.get(view.name());
                    LastSuccess refresh = last.get(view.name());
                    ReportMetadata metadata = metadataOf(view);
                    statuses.add(new ReportStatus(view.name(), metadata.title(), metadata.description(),
                            report.interval(), view.populated(), view.concurrentCapable(),
                            FreshnessJudge.judge(now, new FreshnessJudge.Facts(view.populated(),
                                    refresh == null ? null : refresh.startedAt(),
                                    refresh == null ? null : refresh.finishedAt(),
                                    refresh == null ? null : refresh.rowCount(),
                                    report.interval(), report.enabled(), schedule.schedulerEnabled(),
                                    report.lastClaim(), report.inRunningJob(), since.get(view.name()),
                                    typical.get(view.name()), failures.get(view.name()),
                                    unseen.containsKey(view.name()), unseen.get(view.name())))));
                }
                return statuses;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the freshness of the reports: " + e.getMessage(), e);
        }
    }

    /** A comment that cannot be read still gives the report a name; the interval problem shows as "none". */
    private static ReportMetadata metadataOf(MaterializedView view) {
        try {
            return view.metadata();
        } catch (IllegalArgumentException e) {
            return new ReportMetadata(ReportMetadata.defaultTitle(view.name()), "", null, null, List.of());
        }
    }
}
