package org.mvreports.catalog.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.catalog.entity.ReportDetails;
import org.mvreports.catalog.entity.ReportReads;
import org.mvreports.definition.entity.ReportMetadata;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.database.LocalTransactions;
import org.mvreports.freshness.control.FreshnessJudge;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastFailure;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.refresh.control.ChangeTracking;
import org.mvreports.refresh.job.control.JobProgress;
import org.mvreports.schedule.control.DueReports;
import org.mvreports.schedule.control.ScheduleSettings;
import org.mvreports.schedule.control.ScheduledReports;
import org.mvreports.security.entity.Roles;

/**
 * The report catalog: every report PostgreSQL has in the report schema, what its SQL file says of it (and the lines
 * of that file that could not be used), and how fresh it is, discovered on each call (a report added by a migration
 * shows up at once). For all three roles: administrators and auditors need the report names too; the rows are for
 * report viewers only (elsewhere).
 *
 * <p>It lives in this module because freshness joins what the engine's module knows (the catalog, the refresh log,
 * change tracking) with what only this one does (running jobs, the schedule). The facts of one call are read in one
 * transaction, each once.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // reads in a local transaction of its own
@RolesAllowed({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
public class ReportCatalog {

    @Inject
    PostgresCatalog catalog;

    @Inject
    ScheduledReports scheduledReports;

    @Inject
    LocalTransactions database;

    /** Every report, by name. */
    public List<ReportStatus> reports() {
        return statuses(catalog.materializedViews());
    }

    /**
     * Every report's freshness, for the health probes, which answer anonymously (a load balancer has no
     * credentials): they show report names and nothing else of this. The same facts as {@link #reports()}, read
     * with the same fixed number of queries however many reports there are.
     */
    @PermitAll
    public List<ReportStatus> freshnessForProbes() {
        return reports();
    }

    /** Every report with what it reads: the dependency graph, as the refresh engine orders it. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public List<ReportReads> dependencies() {
        return catalog.materializedViews().stream().map(view -> new ReportReads(view.name(), view.key(),
                view.sources().stream().map(MaterializedView.SourceRelation::key).toList())).toList();
    }

    /** One report, if a report of that name exists. */
    public Optional<ReportStatus> report(String name) {
        return catalog.materializedView(name).map(this::report);
    }

    /** One report the caller has just read from the catalog (e.g. with a page of its rows). */
    public ReportStatus report(MaterializedView view) {
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
        return Optional.of(new ReportDetails(report(report), report.columns(), report.uniqueKey(),
                report.sources().stream().map(MaterializedView.SourceRelation::key).toList(), readBy,
                report.metadata().chart(), report.metadata().formats()));
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
                Map<String, Instant> unseen = ChangeTracking.unseenChanges(connection, views,
                        LastSuccess.snapshots(last));
                ScheduleSettings schedule = ScheduleSettings.read(connection);
                Map<String, DueReports.Report> facts = scheduledReports.read(connection, views, schedule, last)
                        .stream().collect(Collectors.toMap(DueReports.Report::name, Function.identity()));
                Instant now = now(connection);
                List<ReportStatus> statuses = new ArrayList<>();
                for (MaterializedView view : views) {
                    DueReports.Report report = facts.get(view.name());
                    LastSuccess refresh = last.get(view.name());
                    ReportMetadata metadata = view.metadata();
                    statuses.add(new ReportStatus(view.name(), metadata.title(), metadata.description(),
                            report.interval(), metadata.section(), view.populated(), view.concurrentCapable(),
                            FreshnessJudge.judge(now, new FreshnessJudge.Facts(view.populated(),
                                    refresh == null ? null : refresh.startedAt(),
                                    refresh == null ? null : refresh.finishedAt(),
                                    refresh == null ? null : refresh.rowCount(),
                                    report.interval(), report.enabled(), schedule.schedulerEnabled(),
                                    report.lastClaim(), report.inRunningJob(), since.get(view.name()),
                                    typical.get(view.name()), failures.get(view.name()),
                                    unseen.containsKey(view.name()), unseen.get(view.name()))),
                            metadata.problems()));
                }
                return statuses;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the freshness of the reports: " + e.getMessage(), e);
        }
    }

    private static Instant now(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT now()");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
