package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.report.boundary.MonthlySignups;
import org.mvreports.report.entity.MonthlySignup;

/**
 * The report catalog (with freshness) and the signups service, called in the server as the pages call them, against
 * the real PostgreSQL the EAR uses.
 */
@ExtendWith(ArquillianExtension.class)
class ReportCatalogIT {

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("report-catalog-it").addClass(ReportCatalogIT.class);
    }

    @Inject
    ReportCatalog catalog;

    @Inject
    MonthlySignups monthlySignups;

    @Inject
    RunAsReportViewer asViewer;

    @Inject
    RunAsAuditor asAuditor;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Test
    void catalogDescribesEverySeedReportFromItsSqlFile() throws Exception {
        Map<String, ReportStatus> reports = asViewer.call(catalog::reports).stream()
                .collect(Collectors.toMap(ReportStatus::name, Function.identity()));
        assertEquals(List.of("daily_uploads", "monthly_signups", "monthly_upload_peaks", "monthly_uploads",
                "results_agg", "shipment_status", "user_directory", "weekly_uploads"),
                reports.keySet().stream().sorted().toList());

        ReportStatus signups = reports.get("monthly_signups");
        assertEquals("Signups per month", signups.title());
        assertEquals("New user accounts per calendar month (UTC).", signups.description());
        assertEquals(Duration.ofHours(1), signups.refreshInterval());
        assertTrue(signups.populated());
        assertTrue(signups.concurrentCapable());
        assertNotNull(signups.freshness().dataAsOf());
        assertEquals(FreshnessState.FRESH, signups.freshness().state());
        assertEquals(countRows("reports.monthly_signups"), signups.freshness().rowCount());
        assertEquals(Duration.ofMinutes(15), reports.get("daily_uploads").refreshInterval());
    }

    @Test
    void reportAddedByAMigrationAppearsWithoutARestartAndDefaultsApply() throws Exception {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement()) {
            statement.execute("CREATE MATERIALIZED VIEW reports.it_destinations AS "
                    + "SELECT destination, count(*) AS shipments FROM demo.shipments GROUP BY destination "
                    + "WITH NO DATA");
            try {
                ReportStatus added = asViewer.call(catalog::reports).stream()
                        .filter(r -> r.name().equals("it_destinations")).findFirst().orElseThrow();
                assertEquals("It destinations", added.title());
                assertEquals("", added.description());
                assertEquals(Duration.ofDays(1), added.refreshInterval());
                assertFalse(added.populated());
                assertFalse(added.concurrentCapable(), "no unique index: refreshing it blocks readers");
                assertEquals(null, added.freshness().dataAsOf());
                assertEquals(FreshnessState.NEVER_REFRESHED, added.freshness().state());
                assertEquals(added, asViewer.call(() -> catalog.report("it_destinations")).orElseThrow());
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.it_destinations");
            }
        }
    }

    @Test
    void signupsEntityReadsTheViewAsTheBaseTableHasIt() throws Exception {
        List<MonthlySignup> rows = asViewer.call(monthlySignups::byMonth);
        Map<String, Long> expected = new java.util.LinkedHashMap<>();
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT to_char(joined_at AT TIME ZONE 'UTC', 'YYYY-MM-01'), count(*)
                     FROM demo.users GROUP BY 1 ORDER BY 1""")) {
            while (rs.next()) {
                expected.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, Long> read = new java.util.LinkedHashMap<>();
        rows.forEach(r -> read.put(r.getMonth().toString(), r.getSignups()));
        assertEquals(expected, read);
    }

    @Test
    void reportNamesAreForEveryRoleAndReportRowsForViewersOnly() throws Exception {
        assertThrows(EJBAccessException.class, () -> catalog.reports(), "anonymous");
        assertEquals(asViewer.call(catalog::reports).size(), asAuditor.call(catalog::reports).size(),
                "auditors (and administrators) need the report names too");
        assertThrows(EJBAccessException.class, () -> asAuditor.call(monthlySignups::byMonth), "auditor");
    }

    private long countRows(String view) throws Exception {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + view)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
