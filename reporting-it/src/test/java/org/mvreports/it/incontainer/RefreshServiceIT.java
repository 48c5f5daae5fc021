package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.refresh.boundary.RefreshService;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshResult;

/** The refresh service as the console and the API call it: on the demo reports, with the caller's roles. */
@ExtendWith(ArquillianExtension.class)
class RefreshServiceIT {

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("refresh-service-it").addClass(RefreshServiceIT.class);
    }

    @Inject
    RefreshService refreshService;

    @Inject
    RunAsRefreshAdmin asAdmin;

    @Inject
    RunAsReportViewer asViewer;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Test
    void demoDiamondAndChainRefreshEachViewOnceUpstreamFirst() throws Exception {
        TestDatabase db = new TestDatabase(dataSource);
        long before = db.longValue("SELECT coalesce(max(id), 0) FROM app.refresh_log");
        List<RefreshResult> results = asAdmin.call(() -> refreshService.refresh(Set.of(), true, true));

        List<String> order = results.stream().map(RefreshResult::view).toList();
        assertEquals(7, order.size(), order.toString());
        assertEquals(7, order.stream().distinct().count(), "each view exactly once: " + order);
        assertTrue(results.stream().allMatch(r -> r.outcome() == RefreshOutcome.SUCCEEDED), results.toString());
        assertBefore(order, "reports.daily_uploads", "reports.weekly_uploads");
        assertBefore(order, "reports.daily_uploads", "reports.monthly_uploads");
        assertBefore(order, "reports.weekly_uploads", "reports.monthly_upload_peaks");
        assertBefore(order, "reports.monthly_uploads", "reports.monthly_upload_peaks");
        assertBefore(order, "reports.results_agg", "reports.shipment_status");

        List<Map<String, Object>> log = db.rows("""
                SELECT view_name, outcome, mode, trigger_kind, triggered_by, forced
                FROM app.refresh_log
                WHERE id > %d
                ORDER BY id""".formatted(before));
        assertEquals(order, log.stream().map(r -> "reports." + r.get("view_name")).toList(),
                "the log records the same order");
        for (Map<String, Object> row : log) {
            assertEquals("SUCCEEDED", row.get("outcome"));
            assertEquals("CONCURRENT", row.get("mode"), "populated views with unique indexes never block readers");
            assertEquals("USER", row.get("trigger_kind"));
            assertEquals("it-admin", row.get("triggered_by"), "the caller, as the run-as principal");
            assertEquals(true, row.get("forced"));
        }
    }

    @Test
    void onlyRefreshAdminsMayRefresh() {
        assertThrows(EJBAccessException.class, () -> refreshService.refresh(Set.of(), true, false), "anonymous");
        assertThrows(EJBAccessException.class,
                () -> asViewer.call(() -> refreshService.refresh(Set.of(), true, false)), "viewer");
    }

    private static void assertBefore(List<String> order, String upstream, String downstream) {
        assertTrue(order.indexOf(upstream) < order.indexOf(downstream),
                upstream + " before " + downstream + ": " + order);
    }
}
