package org.mvreports.refresh.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mvreports.definition.entity.UnknownReportException;

class RefreshPlanTest {

    /** The demo reports: a chain, a diamond and a loner. */
    private static final Map<String, List<String>> DEMO = Map.of(
            "results_agg", List.of(),
            "shipment_status", List.of("results_agg"),
            "daily_uploads", List.of(),
            "weekly_uploads", List.of("daily_uploads"),
            "monthly_uploads", List.of("daily_uploads"),
            "monthly_upload_peaks", List.of("weekly_uploads", "monthly_uploads"),
            "monthly_signups", List.of());

    @Test
    void nothingNamedMeansEverythingUpstreamFirst() {
        assertEquals(List.of("daily_uploads", "monthly_signups", "monthly_uploads", "results_agg",
                        "shipment_status", "weekly_uploads", "monthly_upload_peaks"),
                RefreshPlan.of(DEMO, Set.of(), true));
    }

    @Test
    void dependentsOfANamedViewFollowItTransitively() {
        assertEquals(List.of("daily_uploads", "monthly_uploads", "weekly_uploads", "monthly_upload_peaks"),
                RefreshPlan.of(DEMO, Set.of("daily_uploads"), true));
    }

    @Test
    void withoutDependentsOnlyTheNamedViewsInOrder() {
        assertEquals(List.of("results_agg", "shipment_status"),
                RefreshPlan.of(DEMO, Set.of("shipment_status", "results_agg"), false));
        assertEquals(List.of("weekly_uploads"), RefreshPlan.of(DEMO, Set.of("weekly_uploads"), false));
    }

    @Test
    void unknownNamesAreAllReportedAndNothingIsPlanned() {
        UnknownReportException e = assertThrows(UnknownReportException.class,
                () -> RefreshPlan.of(DEMO, Set.of("daily_uploads", "nope", "also_nope"), true));
        assertEquals(List.of("also_nope", "nope"), e.details());
        assertEquals("no reports named also_nope, nope", e.getMessage());
    }
}
