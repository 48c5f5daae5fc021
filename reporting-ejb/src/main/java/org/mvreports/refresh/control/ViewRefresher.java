package org.mvreports.refresh.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.MaterializedView.RelationKind;
import org.mvreports.definition.entity.MaterializedView.SourceRelation;
import org.mvreports.settings.ReportingSettings;

/**
 * The one refresh code path: pages, the API, the scheduler and the batch job all end here.
 *
 * <p>Views are refreshed upstream first, one transaction per view ({@link RefreshTransactions}). A view whose
 * refresh fails keeps its old contents; the views that read it, directly or through others, are not refreshed in
 * that run (they would publish stale input as fresh) and are logged as skipped because of it, naming the failed
 * view; views unrelated to the failure go on. A view whose sources did not change since its last successful
 * refresh is skipped unless the request forces it.
 *
 * <p>Mode per view: a view that was never populated needs a plain REFRESH (PostgreSQL refuses CONCURRENTLY
 * there); a populated view with a qualifying unique index is refreshed CONCURRENTLY so readers are never blocked;
 * any other view gets a plain refresh, and the catalog flags it as blocking readers.
 *
 * <p>{@link #refresh} runs a whole request in order on the calling thread. The batch job instead {@link #plan}s
 * the request and runs the views of the resulting {@link RefreshRun} itself, independent ones in parallel.
 * Callers must not be in a JTA transaction.
 */
@ApplicationScoped
public class ViewRefresher {

    private static final Logger LOG = Logger.getLogger(ViewRefresher.class.getName());

    @Inject
    PostgresCatalog catalog;

    @Inject
    ChangeTracking changeTracking;

    @Inject
    RefreshTransactions transactions;

    @Inject
    ReportingSettings settings;

    /** Each view's result as it is known, for whoever observes refreshes (the metrics). */
    @Inject
    Event<RefreshResult> refreshed;

    /**
     * Refreshes what {@code request} selects, one view after the other.
     *
     * @return one result per selected view, in the order they were handled
     * @throws UnknownReportException when the request names views that do not exist (nothing is refreshed)
     */
    public List<RefreshResult> refresh(RefreshRequest request) {
        RefreshRun run = plan(request);
        List<RefreshResult> results = run.order().stream().map(run::refresh).toList();
        run.finish();
        return results;
    }

    /**
     * Works out which views a request refreshes and in which order, and makes sure their sources' changes are
     * tracked; refreshes nothing yet.
     *
     * @throws UnknownReportException when the request names views that do not exist
     */
    public RefreshRun plan(RefreshRequest request) {
        Map<String, MaterializedView> views = new LinkedHashMap<>();
        Map<String, List<String>> upstream = new HashMap<>();
        for (MaterializedView view : catalog.materializedViews(request.schema())) {
            views.put(view.name(), view);
            upstream.put(view.name(), view.sources().stream()
                    .filter(s -> s.kind() == RelationKind.MATERIALIZED_VIEW && s.schema().equals(request.schema()))
                    .map(SourceRelation::name)
                    .toList());
        }
        List<String> order = RefreshPlan.of(upstream, request.views(), request.includeDependents());
        return new RefreshRun(request, views, upstream, order, ensureTriggers(views), settings.nodeName(),
                transactions, this::prune, this::announce);
    }

    private Set<Long> ensureTriggers(Map<String, MaterializedView> views) {
        try {
            return changeTracking.ensureTriggers(views.values());
        } catch (SQLException e) {
            // Without knowing what is tracked, every view counts as changed: refreshing too much is safe.
            LOG.warning(() -> "cannot check change tracking (" + e.getMessage() + "); refreshing without skipping");
            Set<Long> all = new HashSet<>();
            views.values().forEach(v -> v.sources().forEach(s -> all.add(s.oid())));
            return all;
        }
    }

    private void announce(RefreshResult result) {
        try {
            refreshed.fire(result);
        } catch (RuntimeException e) {
            // An observer's failure must never fail a refresh that has already been committed and logged.
            LOG.log(Level.WARNING, "an observer of the refresh of " + result.view() + " failed", e);
        }
    }

    private void prune(Map<String, MaterializedView> views) {
        try {
            changeTracking.prune(views.values());
        } catch (SQLException e) {
            // Only housekeeping: records that stay a little longer cost nothing but space.
            LOG.warning(() -> "cannot prune change records: " + e.getMessage());
        }
    }
}
