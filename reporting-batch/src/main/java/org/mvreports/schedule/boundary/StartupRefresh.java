package org.mvreports.schedule.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.logging.Logger;
import org.mvreports.refresh.control.LastSuccessfulRefreshes;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.report.entity.MaterializedView;
import org.mvreports.schema.boundary.SchemaStartup;
import org.mvreports.settings.ReportingSettings;

/**
 * The first thing the schedule does when the application starts: every report that has never been refreshed
 * successfully (a view just created WITH NO DATA by a migration, or one whose first refresh failed) is due now,
 * so it is refreshed, in dependency order, before users arrive. Reports that were refreshed before keep their
 * contents and wait for their agreed interval.
 */
@Singleton
@Startup
@PermitAll
public class StartupRefresh {

    private static final Logger LOG = Logger.getLogger(StartupRefresh.class.getName());

    @EJB
    SchemaStartup schema;

    @Inject
    ViewRefresher refresher;

    @Inject
    LastSuccessfulRefreshes lastRefreshes;

    @Inject
    PostgresCatalog catalog;

    @Inject
    ReportingSettings settings;

    @PostConstruct
    // No JTA transaction: each view is refreshed in a transaction of its own (see RefreshTransactions). Declared on
    // the callback, because that is where a singleton's @PostConstruct takes its transaction attribute from.
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void refreshNeverRefreshedReports() {
        schema.awaitMigrated();
        Map<String, ?> refreshedBefore = lastRefreshes.inSchema(PostgresCatalog.REPORT_SCHEMA);
        Set<String> due = catalog.materializedViews().stream()
                .filter(view -> !view.populated() || !refreshedBefore.containsKey(view.name()))
                .map(MaterializedView::name)
                .collect(Collectors.toSet());
        if (due.isEmpty()) {
            return; // an empty request would mean "all"
        }
        List<RefreshResult> results = refresher.refresh(new RefreshRequest(PostgresCatalog.REPORT_SCHEMA, due,
                false, false, RefreshTrigger.startup(), null, settings.refreshStatementTimeout(),
                settings.refreshLockTimeout()));
        long failed = results.stream().filter(r -> r.outcome() != RefreshOutcome.SUCCEEDED).count();
        LOG.info(() -> "start-up refresh: " + results.size() + " report(s) never refreshed before, "
                + (results.size() - failed) + " refreshed, " + failed + " not (see the refresh log)");
    }
}
