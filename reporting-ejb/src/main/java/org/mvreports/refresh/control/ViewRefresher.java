package org.mvreports.refresh.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.mvreports.refresh.entity.RefreshMode;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.report.entity.MaterializedView;
import org.mvreports.settings.ReportingSettings;

/**
 * Refreshes report views in dependency order, one transaction per view. A view whose refresh fails keeps its old
 * contents; the views that read it are not refreshed in that run (they would publish stale input as fresh) and
 * are logged as skipped because of it; views unrelated to the failure go on.
 *
 * <p>Mode per view: a view that was never populated needs a plain REFRESH (PostgreSQL refuses CONCURRENTLY
 * there); a populated view with a qualifying unique index is refreshed CONCURRENTLY so readers are never blocked;
 * any other view gets a plain refresh, and the catalog flags it as blocking readers.
 */
@ApplicationScoped
public class ViewRefresher {

    private static final Logger LOG = Logger.getLogger(ViewRefresher.class.getName());

    @Inject
    PostgresCatalog catalog;

    @Inject
    RefreshTransactions transactions;

    @Inject
    ReportingSettings settings;

    /**
     * Refreshes the report views that {@code which} selects, upstream views first.
     *
     * @return one result per selected view, in the order they were handled
     */
    public List<RefreshResult> refresh(Predicate<MaterializedView> which, RefreshTrigger trigger) {
        Map<String, MaterializedView> selected = new LinkedHashMap<>();
        for (MaterializedView view : catalog.materializedViews()) {
            if (which.test(view)) {
                selected.put(view.key(), view);
            }
        }
        Map<String, List<String>> upstream = new HashMap<>();
        selected.values().forEach(view -> upstream.put(view.key(), view.sources().stream()
                .filter(MaterializedView.SourceRelation::materializedView)
                .map(MaterializedView.SourceRelation::key)
                .toList()));

        String node = settings.nodeName();
        Map<String, String> failedBecause = new HashMap<>();
        Set<String> failed = new HashSet<>();
        List<RefreshResult> results = new ArrayList<>();
        for (String key : DependencyOrder.of(upstream)) {
            MaterializedView view = selected.get(key);
            String failedUpstream = upstream.get(key).stream()
                    .filter(failed::contains)
                    .map(up -> failedBecause.getOrDefault(up, up))
                    .findFirst().orElse(null);
            RefreshResult result;
            if (failedUpstream != null) {
                Instant now = Instant.now();
                result = new RefreshResult(key, RefreshOutcome.SKIPPED_UPSTREAM_FAILED, null, now, now,
                        null, null, null);
                transactions.log(view, result, trigger, failedUpstream, node);
                failed.add(key);
                failedBecause.put(key, failedUpstream);
            } else {
                result = refreshOne(view, trigger, node);
                if (result.outcome() == RefreshOutcome.FAILED) {
                    failed.add(key);
                }
            }
            results.add(result);
        }
        return results;
    }

    private RefreshResult refreshOne(MaterializedView view, RefreshTrigger trigger, String node) {
        RefreshMode mode = view.populated() && view.concurrentCapable() ? RefreshMode.CONCURRENT : RefreshMode.PLAIN;
        try {
            return transactions.refreshAndLog(view, mode, trigger, node);
        } catch (RefreshFailedException e) {
            RefreshResult result = new RefreshResult(view.key(), RefreshOutcome.FAILED, e.mode(), e.startedAt(),
                    Instant.now(), null, e.getMessage(), e.sqlState());
            transactions.log(view, result, trigger, null, node);
            LOG.warning(() -> "refresh of " + view.key() + " failed (SQLSTATE " + e.sqlState() + "): "
                    + e.getMessage());
            return result;
        }
    }
}
