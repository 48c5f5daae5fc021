package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mvreports.schema.control.SchemaMigration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two database roles (docs/integrity.md): the role the application server signs in as may add to the three records
 * and read them, and nothing more; not even with the rights an owner has (disabling their triggers, dropping them).
 * On the shared stack, which the run command set up with both roles, and on databases of their own: one that had a
 * single role until now is moved to two by the owner's migration, which hands the runtime role every report.
 */
class RecordProtectionIT {

    /** Each record and link table, with a column an UPDATE may name (identity columns may not be set at all). */
    private static final Map<String, String> TABLES = Map.of(
            "app.refresh_log", "node_name",
            "app.report_exports", "node_name",
            "app.admin_actions", "node_name",
            "app.record_chain", "hash",
            "app.record_unsealed", "record");

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void theApplicationsRoleCanNeitherChangeNorUnprotectAnyRecordOrChain() throws Exception {
        try (Connection runtime = TestStack.database()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                String name = table.getKey();
                assertRefused(runtime, "UPDATE " + name + " SET " + table.getValue() + " = " + table.getValue());
                assertRefused(runtime, "DELETE FROM " + name);
                assertRefused(runtime, "TRUNCATE " + name);
                assertRefused(runtime, "ALTER TABLE " + name + " DISABLE TRIGGER ALL");
                assertRefused(runtime, "ALTER TABLE " + name + " RENAME TO moved_aside");
                assertRefused(runtime, "DROP TABLE " + name);
                // Still readable: the history pages and verification read them as this role.
                try (Statement sql = runtime.createStatement();
                     ResultSet rs = sql.executeQuery("SELECT count(*) FROM " + name)) {
                    assertTrue(rs.next());
                }
            }
            // No link forged, no row sent to wait for sealing, no sealing or canonical function replaced.
            assertRefused(runtime, "INSERT INTO app.record_chain (record, position, row_id, previous, hash)"
                    + " VALUES ('refresh_log', 999999999, 1, 'x', 'y')");
            assertRefused(runtime, "INSERT INTO app.record_unsealed (record, row_id) VALUES ('refresh_log', -1)");
            assertRefused(runtime, "CREATE OR REPLACE FUNCTION app.chain_field(value text) RETURNS text"
                    + " LANGUAGE sql IMMUTABLE AS 'SELECT ''x'''");
            assertRefused(runtime, "ALTER FUNCTION app.seal_records(integer) RENAME TO seal_nothing");
            assertRefused(runtime, "DROP VIEW app.refresh_history");
            assertRefused(runtime, "ALTER SCHEMA app RENAME TO elsewhere");
            try (Statement sql = runtime.createStatement();
                 ResultSet rs = sql.executeQuery("SELECT app.records_protected()")) {
                assertTrue(rs.next());
                assertTrue(rs.getBoolean(1));
            }
        }
        assertTrue(ApiClient.json(api.get("refresh-log/verify", "auditor")).asJsonObject()
                .getBoolean("recordsProtected"));
    }

    @Test
    void theApplicationServerSignsInAsTheRuntimeRoleOnly() throws Exception {
        api.get("reports", "viewer"); // the pool has connections open
        List<String> users = new ArrayList<>();
        try (Connection runtime = TestStack.database(); Statement sql = runtime.createStatement();
             ResultSet rs = sql.executeQuery("""
                     SELECT DISTINCT usename FROM pg_stat_activity
                     WHERE datname = current_database() AND backend_type = 'client backend'""")) {
            while (rs.next()) {
                users.add(rs.getString(1));
            }
        }
        assertEquals(List.of(TestStack.databaseLogin().user()), users,
                "the server and this test are the only clients, both as the runtime role");
        String serverEnvironment = Files.readString(
                Path.of("/proc", String.valueOf(TestStack.serverProcess().pid()), "environ"));
        assertFalse(serverEnvironment.contains("REPORTING_DB_OWNER"), "the owner's settings reached the server");
    }

    @Test
    void aDatabaseWithOneRoleIsMovedToTwoByTheOwnersMigration() throws Exception {
        String database = "one_role_until_now";
        String runtime = "one_role_app";
        String owner = "one_role_owner";
        try (Connection superuser = TestStack.superuser("postgres"); Statement sql = superuser.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database);
            sql.execute("DROP ROLE IF EXISTS " + owner);
            sql.execute("DROP ROLE IF EXISTS " + runtime);
            sql.execute("CREATE ROLE " + runtime + " LOGIN PASSWORD 'runtime-test-only'");
            sql.execute("CREATE DATABASE " + database + " OWNER " + runtime);
        }
        // As it ran until now: the application migrated its own database.
        SchemaMigration asApplication = new SchemaMigration(login(database, runtime, "runtime-test-only"), List.of());
        assertTrue(asApplication.ownsSchema());
        assertTrue(asApplication.pending().contains("V23 records owned apart"), asApplication.pending().toString());
        asApplication.migrate();
        try (Connection app = DriverManager.getConnection(TestStack.jdbcUrlOf(database), runtime, "runtime-test-only")) {
            assertFalse(recordsProtected(app));
        }

        // The site sets up an owner role as README says, and runs ./run migrate with its settings: not without them.
        try (Connection superuser = TestStack.superuser(database); Statement sql = superuser.createStatement()) {
            sql.execute("CREATE ROLE " + owner + " LOGIN PASSWORD 'owner-test-only'");
            sql.execute("GRANT " + runtime + " TO " + owner);
            sql.execute("GRANT CREATE ON DATABASE " + database + " TO " + owner);
        }
        Map<String, String> site = Map.of("REPORTING_DB_URL", TestStack.jdbcUrlOf(database),
                "REPORTING_DB_USER", runtime, "REPORTING_DB_PASSWORD", "runtime-test-only");
        LauncherProcess.Finished withoutOwner = LauncherProcess.run(site, "", "migrate");
        assertEquals(2, withoutOwner.status(), withoutOwner.err());
        assertTrue(withoutOwner.err().contains("REPORTING_DB_OWNER_USER"), withoutOwner.err());
        Map<String, String> withOwner = new HashMap<>(site);
        withOwner.put("REPORTING_DB_OWNER_USER", owner);
        withOwner.put("REPORTING_DB_OWNER_PASSWORD", "owner-test-only");
        for (int run = 1; run <= 2; run++) { // a second run changes nothing
            LauncherProcess.Finished migrated = LauncherProcess.run(withOwner, "", "migrate");
            assertEquals(0, migrated.status(), migrated.err());
            assertTrue(migrated.out().contains("belong to " + owner), migrated.out());
        }

        try (Connection app = DriverManager.getConnection(TestStack.jdbcUrlOf(database), runtime, "runtime-test-only")) {
            assertTrue(recordsProtected(app));
            assertFalse(asApplication.ownsSchema());
            assertEquals(List.of(), asApplication.pending());
            assertRefused(app, "UPDATE app.refresh_log SET node_name = node_name");
            assertRefused(app, "ALTER TABLE app.admin_actions DISABLE TRIGGER ALL");
            try (Statement sql = app.createStatement()) {
                // The reports stay the runtime role's: refreshing one takes its owner.
                try (ResultSet rs = sql.executeQuery("""
                        SELECT count(*) FILTER (WHERE matviewowner = current_user), count(*)
                        FROM pg_matviews WHERE schemaname = 'reports'""")) {
                    rs.next();
                    assertTrue(rs.getInt(2) > 0);
                    assertEquals(rs.getInt(2), rs.getInt(1), "reports not owned by the runtime role");
                }
                sql.execute("REFRESH MATERIALIZED VIEW reports.monthly_signups");
                // Adding to a record and reading it back is what the runtime role may do.
                sql.execute("""
                        INSERT INTO app.admin_actions (acted_by, acted_at, action, node_name)
                        VALUES ('test', now(), 'STOP_JOB', 'test-node')""");
                try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM app.record_unsealed")) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 0, "the new row waits to be sealed");
                }
            }
        }

        // Nor can the roles be set up wrongly without a clear answer.
        withOwner.put("REPORTING_DB_USER", owner);
        LauncherProcess.Finished sameRole = LauncherProcess.run(withOwner, "", "migrate");
        assertEquals(1, sameRole.status());
        assertTrue(sameRole.err().contains("must be two roles"), sameRole.err());
    }

    private static DataSource login(String database, String user, String password) {
        PGSimpleDataSource login = new PGSimpleDataSource();
        login.setURL(TestStack.jdbcUrlOf(database));
        login.setUser(user);
        login.setPassword(password);
        return login;
    }

    private static boolean recordsProtected(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet rs = sql.executeQuery("SELECT app.records_protected()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void assertRefused(Connection connection, String statement) {
        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute(statement);
            }
        }, "allowed: " + statement);
        assertEquals(INSUFFICIENT_PRIVILEGE, refused.getSQLState(), statement + ": " + refused.getMessage());
    }
}
