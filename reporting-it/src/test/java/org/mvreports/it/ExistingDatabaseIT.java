package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mvreports.launcher.LocalStack;
import org.mvreports.launcher.StackOptions;
import org.openqa.selenium.By;

/**
 * A site's deployment: a second stack started against an existing PostgreSQL (REPORTING_DB_URL/USER/PASSWORD, a
 * fresh database with its own non-superuser role), without demo data (REPORTING_DEMO_DATA=false) and with one
 * report of its own (REPORTING_VIEW_MIGRATIONS). It must migrate, populate every report, create no demo rows
 * and no demo accounts, and offer the site's report in the catalog.
 */
class ExistingDatabaseIT {

    private static final String DATABASE = "site_reports";
    private static final String USER = "site_app";
    private static final String PASSWORD = "site-app-test-only";

    @Test
    void siteDatabaseWithoutDemoDataAndWithItsOwnReport() throws Exception {
        try (Connection admin = TestStack.superuser("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("DROP ROLE IF EXISTS " + USER);
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        String siteUrl = TestStack.jdbcUrlOf(DATABASE);

        Path siteViews = Files.createTempDirectory("site-views");
        Files.writeString(siteViews.resolve("V1__shipments_per_destination.sql"), """
                CREATE MATERIALIZED VIEW reports.shipments_per_destination AS
                SELECT destination, count(*) AS shipments
                FROM demo.shipments
                GROUP BY destination
                WITH NO DATA;
                CREATE UNIQUE INDEX shipments_per_destination_key
                    ON reports.shipments_per_destination (destination);
                COMMENT ON MATERIALIZED VIEW reports.shipments_per_destination IS
                'title: Shipments per destination
                refresh-interval: 2 hours';
                """);

        Path home = Path.of(System.getProperty("mvreports.stack.home", "target/stack") + "-site");
        try (LocalStack site = LocalStack.start(new StackOptions(home, TestStack.distribution(),
                TestStack.PORT_OFFSET + 1_000, 0,
                Map.of("REPORTING_DB_URL", siteUrl,
                        "REPORTING_DB_USER", USER,
                        "REPORTING_DB_PASSWORD", PASSWORD,
                        "REPORTING_DEMO_DATA", "false",
                        "REPORTING_VIEW_MIGRATIONS", "filesystem:" + siteViews)))) {
            try (Connection db = DriverManager.getConnection(siteUrl, USER, PASSWORD);
                 Statement statement = db.createStatement()) {
                assertEquals(0, count(statement, "SELECT count(*) FROM demo.users"));
                assertEquals(0, count(statement, "SELECT count(*) FROM app.accounts"));
                assertEquals(1, count(statement, """
                        SELECT count(*) FROM app.flyway_site_history
                        WHERE success AND script = 'V1__shipments_per_destination.sql'"""));
                List<String> refreshed = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("""
                        SELECT view_name FROM app.refresh_log
                        WHERE outcome = 'SUCCEEDED' AND trigger_kind = 'STARTUP' AND row_count = 0
                        ORDER BY view_name""")) {
                    while (rs.next()) {
                        refreshed.add(rs.getString(1));
                    }
                }
                assertEquals(List.of("daily_uploads", "monthly_signups", "monthly_upload_peaks", "monthly_uploads",
                        "results_agg", "shipment_status", "shipments_per_destination", "weekly_uploads"),
                        refreshed, "every report, the site's too, populated (empty) at start-up");
            }
            try (Browser browser = new Browser()) {
                browser.openUrl(site.applicationUrl());
                browser.signIn("viewer", "viewer");
                browser.waitFor(By.id("login:messages"));
                assertTrue(browser.text(By.id("login:messages")).contains("Wrong user name or password."),
                        "no demo account may exist without demo data");
            }
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
