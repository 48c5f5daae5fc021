package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.it.Await;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.control.ReportResults;
import org.mvreports.report.entity.ReportPage;

/**
 * Pages, counts and totals are read once per version of a report's data and then answered from memory; a new version
 * (a refresh through MV Reports, or one run outside it, plain or concurrent) is a new question, answered with the new
 * data, with nothing to invalidate.
 */
@ExtendWith(ArquillianExtension.class)
class ReportResultsIT {

    private static final Duration GENEROUS = Duration.ofMinutes(2);

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("report-results-it").addClass(ReportResultsIT.class);
    }

    @Inject
    ReportRows rows;

    @Inject
    ReportResults results;

    @Inject
    ViewRefresher refresher;

    @Inject
    RunAsReportViewer asViewer;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    private TestDatabase db;

    @BeforeEach
    void views() throws SQLException {
        db = new TestDatabase(dataSource);
        dropViews();
        db.execute("CREATE SCHEMA it_results",
                "CREATE TABLE it_results.amounts (id int PRIMARY KEY, amount int NOT NULL)",
                "INSERT INTO it_results.amounts SELECT g, g FROM generate_series(1, 100) g",
                "CREATE MATERIALIZED VIEW reports.it_results_concurrent AS SELECT id, amount FROM it_results.amounts",
                "CREATE UNIQUE INDEX it_results_concurrent_id ON reports.it_results_concurrent (id)",
                "COMMENT ON MATERIALIZED VIEW reports.it_results_concurrent IS 'totals: amount'",
                "CREATE MATERIALIZED VIEW reports.it_results_plain AS SELECT id, amount FROM it_results.amounts",
                "COMMENT ON MATERIALIZED VIEW reports.it_results_plain IS 'totals: amount'");
        refresher.refresh(new RefreshRequest("reports", Set.of("it_results_concurrent", "it_results_plain"), false,
                true, RefreshTrigger.user("it-tester"), null, GENEROUS, GENEROUS));
    }

    @AfterEach
    void dropViews() throws SQLException {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_results_concurrent",
                "DROP MATERIALIZED VIEW IF EXISTS reports.it_results_plain",
                "DROP SCHEMA IF EXISTS it_results CASCADE");
    }

    private ReportPage page(String view) throws Exception {
        return asViewer.call(() -> rows.page(view, List.of("-amount"), List.of("amount:ge:51"), 0, 10)).orElseThrow();
    }

    private static BigDecimal total(ReportPage page) {
        return (BigDecimal) page.totals().get("amount");
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromMemoryUntilARefreshMakesANewVersion() throws Exception {
        ReportPage first = page("it_results_concurrent");
        assertEquals(new BigDecimal("3775"), total(first), "51 + ... + 100");
        assertEquals(50, first.matchingRows());
        ReportResults.Counts before = results.counts();
        ReportPage again = page("it_results_concurrent");
        ReportResults.Counts after = results.counts();
        assertEquals(before.read(), after.read(), "nothing read again");
        assertEquals(before.answeredFromMemory() + 3, after.answeredFromMemory(), "page, count and totals");
        assertEquals(first.rows(), again.rows());

        db.execute("UPDATE it_results.amounts SET amount = amount * 2");
        refresher.refresh(new RefreshRequest("reports", Set.of("it_results_concurrent"), false, false,
                RefreshTrigger.user("it-tester"), null, GENEROUS, GENEROUS));
        ReportPage refreshed = page("it_results_concurrent");
        assertEquals(new BigDecimal("9450"), total(refreshed), "amounts 52 to 200 after doubling: the new data");
        assertEquals(75, refreshed.matchingRows());
        assertTrue(results.counts().read() > after.read());
    }

    @Test
    void aRefreshRunOutsideIsANewVersionAtOnceWhenPlainAndWithinSecondsWhenConcurrent() throws Exception {
        assertEquals(new BigDecimal("3775"), total(page("it_results_plain")));
        assertEquals(new BigDecimal("3775"), total(page("it_results_concurrent")));
        db.execute("UPDATE it_results.amounts SET amount = amount + 1000",
                "REFRESH MATERIALIZED VIEW reports.it_results_plain",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY reports.it_results_concurrent");
        BigDecimal expected = new BigDecimal(100 * 1000 + 5050);
        assertEquals(expected, total(page("it_results_plain")), "a plain refresh gives the view new storage");
        Await.until("the concurrent refresh to show in the view's counters", Duration.ofSeconds(60),
                () -> expected.equals(total(page("it_results_concurrent"))));
    }
}
