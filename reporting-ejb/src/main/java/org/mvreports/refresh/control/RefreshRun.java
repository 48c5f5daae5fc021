package org.mvreports.refresh.control;

import org.mvreports.history.control.RefreshLog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.MaterializedView.SourceRelation;

/**
 * One planned refresh request: the views in dependency order and what each reads. {@link #refresh} handles one
 * view; it is safe to call from several threads for views whose upstream views have all been handled (the batch
 * job does that to refresh independent views in parallel), and announces each result once it is logged.
 * {@link #finish} prunes change records afterwards.
 */
public final class RefreshRun {

    private static final Logger LOG = Logger.getLogger(RefreshRun.class.getName());

    private final RefreshRequest request;
    private final Map<String, MaterializedView> views;
    private final Map<String, List<String>> upstream;
    private final List<String> order;
    private final Set<Long> untrackable;
    private final RefreshTransactions transactions;
    private final Consumer<Map<String, MaterializedView>> pruning;
    private final Consumer<RefreshResult> announcement;
    private final RefreshLog.Context context;
    /** View name → the failed view that makes it (or, for itself, it) unrefreshable in this run. */
    private final Map<String, String> failedBecause = new ConcurrentHashMap<>();

    RefreshRun(RefreshRequest request, Map<String, MaterializedView> views, Map<String, List<String>> upstream,
               List<String> order, Set<Long> untrackable, String nodeName, RefreshTransactions transactions,
               Consumer<Map<String, MaterializedView>> pruning, Consumer<RefreshResult> announcement) {
        this.request = request;
        this.views = views;
        this.upstream = upstream;
        this.order = List.copyOf(order);
        this.untrackable = untrackable;
        this.transactions = transactions;
        this.pruning = pruning;
        this.announcement = announcement;
        this.context = new RefreshLog.Context(request.trigger(), request.jobExecutionId(), nodeName, request.force());
    }

    /** The views to refresh, upstream first. */
    public List<String> order() {
        return order;
    }

    /**
     * The catalog's object id of a view of this run. A view redefined by a migration is dropped and created again,
     * so its id changes: a restart uses it to tell "finished earlier" from "finished earlier, in another form".
     */
    public long oidOf(String view) {
        return views.get(view).oid();
    }

    /** The views of this run that {@code view} reads (its upstream views within the run's schema). */
    public List<String> upstreamOf(String view) {
        return upstream.get(view).stream().filter(order::contains).toList();
    }

    /** Refreshes one view of {@link #order()}, unless a view upstream of it failed in this run. */
    public RefreshResult refresh(String name) {
        MaterializedView view = views.get(name);
        if (view == null || !order.contains(name)) {
            throw new IllegalArgumentException("not part of this run: " + name);
        }
        String failedUpstream = upstream.get(name).stream()
                .map(failedBecause::get)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
        if (failedUpstream != null) {
            Instant now = Instant.now();
            RefreshResult skipped = new RefreshResult(view.key(), RefreshOutcome.SKIPPED_UPSTREAM_FAILED, null, now,
                    now, null, null, null);
            transactions.logFailure(view, skipped, context, failedUpstream, null);
            failedBecause.put(name, failedUpstream);
            announcement.accept(skipped);
            return skipped;
        }
        RefreshResult result = attempt(view);
        if (result.outcome() == RefreshOutcome.FAILED) {
            failedBecause.put(name, view.key());
        }
        announcement.accept(result);
        return result;
    }

    /** Housekeeping after the last view: drops change records every reader has seen. */
    public void finish() {
        pruning.accept(views);
    }

    private RefreshResult attempt(MaterializedView view) {
        List<Long> tracked = view.sources().stream().map(SourceRelation::oid).toList();
        boolean trackable = tracked.stream().noneMatch(untrackable::contains);
        try {
            return transactions.attempt(view, trackable ? tracked : null, request.force(),
                    request.statementTimeout(), request.lockTimeout(), context);
        } catch (RefreshFailedException e) {
            RefreshResult result = new RefreshResult(view.key(), RefreshOutcome.FAILED, e.mode(), e.startedAt(),
                    Instant.now(), null, e.getMessage(), e.sqlState());
            transactions.logFailure(view, result, context, null, e.definitionHash());
            LOG.warning(() -> "refresh of " + view.key() + " failed (SQLSTATE " + e.sqlState() + "): "
                    + e.getMessage());
            return result;
        }
    }
}
