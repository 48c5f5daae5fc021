package org.mvreports.refresh.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Orders views so that every view comes after the views it reads (a topological order of the dependency graph
 * taken from PostgreSQL's catalog, never a hand-kept list). Among views whose upstream views are all placed, the
 * alphabetically first comes next, so the order is stable from run to run.
 */
public final class DependencyOrder {

    private DependencyOrder() {
    }

    /**
     * @param upstream for each view, the views it reads; views named only as upstream but not as keys are
     *                 ignored (they are outside the set being ordered)
     * @return every key of {@code upstream}, upstream views first
     * @throws IllegalArgumentException on a cycle, naming the views in it (PostgreSQL forbids cycles between
     *                                  materialized views, so this means the input was built wrongly)
     */
    public static List<String> of(Map<String, ? extends Collection<String>> upstream) {
        Map<String, Set<String>> waitingOn = new LinkedHashMap<>();
        Map<String, List<String>> downstream = new LinkedHashMap<>();
        for (var entry : upstream.entrySet()) {
            Set<String> inSet = new LinkedHashSet<>();
            for (String up : entry.getValue()) {
                if (upstream.containsKey(up) && !up.equals(entry.getKey())) {
                    inSet.add(up);
                    downstream.computeIfAbsent(up, k -> new ArrayList<>()).add(entry.getKey());
                }
            }
            waitingOn.put(entry.getKey(), inSet);
        }
        TreeSet<String> ready = new TreeSet<>();
        waitingOn.forEach((view, ups) -> {
            if (ups.isEmpty()) {
                ready.add(view);
            }
        });
        List<String> order = new ArrayList<>(upstream.size());
        while (!ready.isEmpty()) {
            String next = ready.pollFirst();
            order.add(next);
            for (String down : downstream.getOrDefault(next, List.of())) {
                Set<String> ups = waitingOn.get(down);
                ups.remove(next);
                if (ups.isEmpty()) {
                    ready.add(down);
                }
            }
        }
        if (order.size() != upstream.size()) {
            Deque<String> cyclic = new ArrayDeque<>();
            waitingOn.forEach((view, ups) -> {
                if (!ups.isEmpty()) {
                    cyclic.add(view);
                }
            });
            throw new IllegalArgumentException("views depend on each other in a cycle: " + cyclic);
        }
        return order;
    }
}
