package org.mvreports.refresh.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mvreports.definition.entity.UnknownReportException;

/**
 * Which views a request refreshes, in which order: the named views (all when none are named), plus, when asked,
 * every view downstream of them; upstream views first ({@link DependencyOrder}).
 */
final class RefreshPlan {

    private RefreshPlan() {
    }

    /**
     * @param upstream  every view of the schema with the views it reads (keys: view names)
     * @param requested the names asked for; empty means all
     * @throws UnknownReportException naming every requested view that does not exist
     */
    static List<String> of(Map<String, ? extends Collection<String>> upstream, Set<String> requested,
                           boolean includeDependents) {
        Set<String> unknown = new TreeSet<>(requested);
        unknown.removeAll(upstream.keySet());
        if (!unknown.isEmpty()) {
            throw new UnknownReportException(unknown);
        }
        Set<String> selected = new TreeSet<>(requested.isEmpty() ? upstream.keySet() : requested);
        if (includeDependents) {
            boolean grew = true;
            while (grew) {
                grew = false;
                for (var entry : upstream.entrySet()) {
                    if (!selected.contains(entry.getKey())
                            && entry.getValue().stream().anyMatch(selected::contains)) {
                        selected.add(entry.getKey());
                        grew = true;
                    }
                }
            }
        }
        Map<String, List<String>> subgraph = new java.util.HashMap<>();
        for (String view : selected) {
            subgraph.put(view, new ArrayList<>(upstream.get(view)));
        }
        return DependencyOrder.of(subgraph);
    }
}
