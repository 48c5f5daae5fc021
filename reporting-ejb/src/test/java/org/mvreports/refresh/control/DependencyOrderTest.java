package org.mvreports.refresh.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {

    @Test
    void diamondPutsTheBaseFirstAndTheJoinLast() {
        List<String> order = DependencyOrder.of(Map.of(
                "peaks", List.of("weekly", "monthly"),
                "weekly", List.of("daily"),
                "monthly", List.of("daily"),
                "daily", List.of("demo.uploads")));
        assertEquals(List.of("daily", "monthly", "weekly", "peaks"), order);
    }

    @Test
    void chainIsOrderedUpstreamFirstWhateverTheInputOrder() {
        assertEquals(List.of("results_agg", "shipment_status"),
                DependencyOrder.of(Map.of("shipment_status", List.of("results_agg", "demo.shipments"),
                        "results_agg", List.of("demo.results"))));
    }

    @Test
    void upstreamViewsOutsideTheSelectionDoNotHoldAnythingBack() {
        assertEquals(List.of("b", "c"), DependencyOrder.of(Map.of("c", List.of("b", "a"), "b", List.of("a"))));
    }

    @Test
    void independentViewsComeInNameOrder() {
        assertEquals(List.of("a", "b", "c"), DependencyOrder.of(Map.of("c", List.of(), "a", List.of(),
                "b", List.of())));
    }

    @Test
    void cycleIsRefusedNamingItsMembers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DependencyOrder.of(Map.of("x", List.of("y"), "y", List.of("x"), "z", List.of())));
        assertTrue(e.getMessage().contains("x") && e.getMessage().contains("y"), e.getMessage());
    }
}
