package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.it.Await;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.report.boundary.PreparedExport;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.ExportFormat;

/**
 * An export reads one snapshot from the moment it is prepared (its file name goes out before its first row) to its
 * last row: a refresh that commits between the two changes neither the rows nor the "as of" the file name, the About
 * sheet and the export record give, whether the report is refreshed concurrently or plainly.
 */
@ExtendWith(ArquillianExtension.class)
class ReportExportIT {

    private static final Duration GENEROUS = Duration.ofMinutes(2);

    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'_'HHmm'Z'").withZone(ZoneOffset.UTC);

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("report-export-it").addClass(ReportExportIT.class);
    }

    @Inject
    ReportRows rows;

    @Inject
    ViewRefresher refresher;

    @Inject
    RunAsReportViewer asViewer;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private TestDatabase db;

    @BeforeEach
    void views() throws SQLException {
        db = new TestDatabase(dataSource);
        dropViews();
        db.execute("CREATE SCHEMA it_export",
                "CREATE TABLE it_export.numbers (n int PRIMARY KEY)",
                "INSERT INTO it_export.numbers VALUES (1), (2), (3)",
                "CREATE MATERIALIZED VIEW reports.it_asof_concurrent AS SELECT n FROM it_export.numbers WITH NO DATA",
                "CREATE UNIQUE INDEX it_asof_concurrent_n ON reports.it_asof_concurrent (n)",
                "CREATE MATERIALIZED VIEW reports.it_asof_plain AS SELECT n FROM it_export.numbers WITH NO DATA");
        refresh("it_asof_concurrent", "it_asof_plain");
    }

    @AfterEach
    void dropViews() throws SQLException {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_asof_concurrent",
                "DROP MATERIALIZED VIEW IF EXISTS reports.it_asof_plain",
                "DROP SCHEMA IF EXISTS it_export CASCADE");
    }

    @Test
    void aConcurrentRefreshCommittingBetweenPrepareAndWriteChangesNothingTheExportSays() throws Exception {
        Instant asOf = lastRefreshStart("it_asof_concurrent");
        PreparedExport prepared = asViewer.call(() -> rows.prepareExport("it_asof_concurrent", List.of("n"),
                List.of(), ExportFormat.CSV));
        assertEquals(asOf, prepared.export().dataAsOf());
        assertEquals("it_asof_concurrent_" + FILE_TIME.format(asOf) + ".csv", prepared.export().fileName());

        db.execute("INSERT INTO it_export.numbers VALUES (4)");
        RefreshResult refreshed = refresh("it_asof_concurrent").get(0);
        assertEquals("CONCURRENT", refreshed.mode().name(), "it did not wait for the export");
        assertTrue(lastRefreshStart("it_asof_concurrent").isAfter(asOf));

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        asViewer.call(() -> {
            rows.write(prepared, csv);
            return null;
        });
        assertEquals("n\n1\n2\n3\n", csv.toString(StandardCharsets.UTF_8), "the rows of the prepared snapshot");
        assertEquals(List.of("COMPLETED", "3", asOf.toString()), lastExportRecord("it_asof_concurrent"));
    }

    @Test
    void aPlainRefreshWaitsForAnExportPreparedBeforeItAndTheExportKeepsItsSnapshot() throws Exception {
        Instant asOf = lastRefreshStart("it_asof_plain");
        PreparedExport prepared = asViewer.call(() -> rows.prepareExport("it_asof_plain", List.of("n"), List.of(),
                ExportFormat.XLSX));
        assertEquals(asOf, prepared.export().dataAsOf());

        db.execute("INSERT INTO it_export.numbers VALUES (4)");
        Future<List<RefreshResult>> refresh = executor.submit(() -> refresh("it_asof_plain"));
        Await.until("the plain refresh to wait for the export's lock", GENEROUS, () -> db.longValue("""
                SELECT count(*) FROM pg_locks
                WHERE relation = 'reports.it_asof_plain'::regclass AND mode = 'AccessExclusiveLock'
                  AND NOT granted""") == 1);

        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        asViewer.call(() -> {
            rows.write(prepared, xlsx);
            return null;
        });
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.toByteArray()))) {
            Sheet about = workbook.getSheet("About");
            assertEquals("Data as of", about.getRow(1).getCell(0).getStringCellValue());
            assertEquals(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC)
                    .format(asOf), about.getRow(1).getCell(1).getStringCellValue());
            Sheet data = workbook.getSheet("Report");
            assertEquals(3, data.getLastRowNum(), "three rows, as before the refresh");
        }
        assertEquals(List.of("COMPLETED", "3", asOf.toString()), lastExportRecord("it_asof_plain"));

        RefreshResult refreshed = refresh.get().get(0);
        assertEquals(RefreshOutcome.SUCCEEDED, refreshed.outcome(), refreshed.toString());
        assertEquals("PLAIN", refreshed.mode().name());
        try (PreparedExport after = asViewer.call(() -> rows.prepareExport("it_asof_plain", List.of(), List.of(),
                ExportFormat.CSV))) {
            assertFalse(after.export().dataAsOf().equals(asOf), "the next export is of the new data");
        }
    }

    private List<RefreshResult> refresh(String... views) {
        return refresher.refresh(new RefreshRequest("reports", Set.of(views), false, true,
                RefreshTrigger.user("it-tester"), null, GENEROUS, GENEROUS));
    }

    private Instant lastRefreshStart(String view) throws SQLException {
        return ((Timestamp) db.rows("""
                SELECT started_at FROM app.refresh_log
                WHERE view_schema = 'reports' AND view_name = '%s' AND outcome = 'SUCCEEDED'
                ORDER BY id DESC LIMIT 1""".formatted(view)).get(0).get("started_at")).toInstant();
    }

    /** Outcome, rows and as-of of the view's latest export record. */
    private List<String> lastExportRecord(String view) throws SQLException {
        var row = db.rows("""
                SELECT outcome, row_count, data_as_of FROM app.report_exports
                WHERE view_name = '%s' ORDER BY id DESC LIMIT 1""".formatted(view)).get(0);
        return List.of(String.valueOf(row.get("outcome")), String.valueOf(row.get("row_count")),
                ((Timestamp) row.get("data_as_of")).toInstant().toString());
    }
}
