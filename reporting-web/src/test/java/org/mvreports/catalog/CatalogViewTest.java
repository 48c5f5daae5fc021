package org.mvreports.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

class CatalogViewTest {

    private static ReportStatus report(String name, String title, String description, String section,
                                       FreshnessState state) {
        return new ReportStatus(name, title, description, Duration.ofHours(1), section, true, true,
                new Freshness(state, Instant.EPOCH, Instant.EPOCH, 1L, false, null, null, null, null, false, null),
                List.of());
    }

    private static final List<ReportStatus> REPORTS = List.of(
            report("sales_by_region", "Sales by region", "Revenue per region.", "Finance", FreshnessState.FRESH),
            report("margins", "Margins", "Gross margin per product line.", "Finance", FreshnessState.STALE),
            report("daily_uploads", "Uploads per day", "Uploads per calendar day.", null, FreshnessState.FAILED),
            report("user_directory", "User directory", "Every user account.", null, FreshnessState.FRESH),
            report("shipments", "Shipment status", "Shipments and their results.", "Logistics",
                    FreshnessState.NEVER_REFRESHED),
            report("returns", "returns", "", "logistics", FreshnessState.REFRESHING));

    private static List<String> shown(CatalogView view) {
        return view.sections(REPORTS).stream()
                .map(s -> s.name() + ": " + String.join(", ", s.reports().stream().map(ReportStatus::name).toList()))
                .toList();
    }

    @Test
    void sectionsByNameRegardlessOfCaseWithTheReportsThatNameNoneLastAndReportsByTitle() {
        assertEquals(List.of("Finance: margins, sales_by_region", "Logistics: returns, shipments",
                "Other: daily_uploads, user_directory"), shown(new CatalogView("", false, Set.of())));
    }

    @Test
    void theSearchFindsEveryWordInTitleNameOrDescriptionIgnoringCase() {
        assertEquals(List.of("Finance: sales_by_region"), shown(new CatalogView("  REVENUE  ", false, Set.of())));
        assertEquals(List.of("Other: daily_uploads"), shown(new CatalogView("day uploads", false, Set.of())));
        assertEquals(List.of("Other: user_directory"), shown(new CatalogView("user_dir", false, Set.of())));
        assertEquals(List.of(), shown(new CatalogView("revenue margin", false, Set.of())));
    }

    @Test
    void needingAttentionIsStaleFailedOrWithoutData() {
        assertEquals(List.of("Finance: margins", "Logistics: shipments", "Other: daily_uploads"),
                shown(new CatalogView("", true, Set.of())));
        CatalogView.Section finance = new CatalogView("", false, Set.of()).sections(REPORTS).get(0);
        assertEquals("2 reports, 1 needs attention", finance.summary());
    }

    @Test
    void collapsedSectionsAreClosedAndTheAddressHoldsTheWholeView() {
        CatalogView view = new CatalogView("sales & co", true, Set.of("Other", "Finance"));
        List<CatalogView.Section> sections = new CatalogView("", false, Set.of("Finance")).sections(REPORTS);
        assertFalse(sections.get(0).open());
        assertTrue(sections.get(1).open());
        assertEquals("/index.xhtml?q=sales+%26+co&attention=1&collapsed=Finance&collapsed=Other", view.path());
        assertEquals("/index.xhtml?collapsed=Finance&collapsed=Other", view.everything().path());
        assertEquals("/index.xhtml", new CatalogView(null, false, Set.of()).path());
    }
}
