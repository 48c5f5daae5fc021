package org.mvreports.schema.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a database to the schema this build expects, with Flyway, in two histories:
 * <ol>
 *   <li>the product's own migrations ({@code classpath:db/application}): application tables, the seed domain
 *       and the seed reports, recorded in {@code app.flyway_schema_history};</li>
 *   <li>a site's report migrations ({@code REPORTING_VIEW_MIGRATIONS}), recorded separately in
 *       {@code app.flyway_site_history}, so a site numbers its files freely and the product can add versions
 *       later without colliding with them.</li>
 * </ol>
 * Plain Java, no container: with two database roles (docs/integrity.md) the run command runs it as the owner role
 * before it deploys, and {@code ./run migrate} on a site's machine, so that the application server never holds the
 * owner's password; then {@link #handOver} gives the runtime role what is its own. With one role the application
 * runs it itself at deployment ({@link Migrations}).
 *
 * <p>Flyway gets its own connections and commits each migration itself. Every migration runs with the database's own
 * search_path ({@link MigrationSearchPath}).
 */
public final class SchemaMigration {

    /** The setting {@code db/two-roles.sql} reads the runtime role's name from (a bound value, never SQL text). */
    static final String RUNTIME_ROLE_SETTING = "mvreports.runtime_role";

    private final DataSource dataSource;
    private final List<String> siteLocations;

    /**
     * @param dataSource    the database, signed in as the role that runs the migrations
     * @param siteLocations Flyway locations of a site's reports ({@link #siteLocations(String)}), maybe none
     */
    public SchemaMigration(DataSource dataSource, List<String> siteLocations) {
        this.dataSource = dataSource;
        this.siteLocations = List.copyOf(siteLocations);
    }

    /**
     * The locations in {@code REPORTING_VIEW_MIGRATIONS}: comma separated, e.g. {@code filesystem:/etc/mv-reports/views}.
     *
     * @param setting the setting's value, or null when it is not set
     */
    public static List<String> siteLocations(String setting) {
        return setting == null ? List.of()
                : Arrays.stream(setting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Applies what is pending in both histories; says what it did, a line per history. */
    public List<String> migrate() {
        List<String> done = new ArrayList<>();
        done.add(migrate("application", application()));
        if (!siteLocations.isEmpty()) {
            done.add(migrate("site reports", site()));
        }
        return done;
    }

    /** The migrations not applied yet, both histories', as {@code V<version> <description>}; empty when up to date. */
    public List<String> pending() {
        List<String> pending = new ArrayList<>();
        List<Flyway> histories = siteLocations.isEmpty() ? List.of(application()) : List.of(application(), site());
        for (Flyway history : histories) {
            for (MigrationInfo migration : history.info().pending()) {
                pending.add("V" + migration.getVersion() + " " + migration.getDescription());
            }
        }
        return pending;
    }

    /**
     * The version each history is at, by the name of its table in schema {@code app} ({@code flyway_schema_history},
     * and {@code flyway_site_history} when a site has report migrations); a history that is empty is left out.
     */
    public Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        List<Flyway> histories = siteLocations.isEmpty() ? List.of(application()) : List.of(application(), site());
        for (Flyway history : histories) {
            MigrationInfo current = history.info().current();
            if (current != null) {
                versions.put(history.getConfiguration().getTable(), current.getVersion().getVersion());
            }
        }
        return versions;
    }

    /**
     * Whether the role signed in owns the application's schema, or there is none yet: then it migrates the database
     * itself (one role). With two roles the owner role owns it, and the runtime role does not migrate.
     */
    public boolean ownsSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT coalesce((SELECT pg_has_role(current_user, nspowner, 'USAGE')
                                      FROM pg_namespace WHERE nspname = 'app'), true)""")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * As the owner role, after {@link #migrate()}: takes the records, their chains and the histories, hands the rest
     * (the reports above all) to the runtime role, and grants it INSERT and SELECT on the records, nothing more
     * ({@code db/two-roles.sql}). Moves a database that had one role until now to two; changes nothing the second time.
     *
     * @param runtimeRole the role the application server signs in as
     * @throws SQLException with PostgreSQL's words when the roles are not set up as docs/integrity.md says
     */
    public void handOver(String runtimeRole) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement role = connection.prepareStatement(
                    "SELECT set_config(?, ?, true), set_config('search_path', 'pg_catalog, pg_temp', true)")) {
                // Only pg_catalog's functions and operators: the runtime role owns schemas of its own, and a
                // lookalike function there must never be called with the owner's rights.
                role.setString(1, RUNTIME_ROLE_SETTING);
                role.setString(2, runtimeRole);
                role.execute();
                try (Statement script = connection.createStatement()) {
                    script.execute(resource("db/two-roles.sql"));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private Flyway application() {
        return flyway("flyway_schema_history", List.of("classpath:db/application"), false);
    }

    private Flyway site() {
        // The schemas already hold the product's objects when the site history starts: baseline it at version 0 so
        // that the site's V1 is applied, not mistaken for an unmanaged existing schema.
        return flyway("flyway_site_history", siteLocations, true);
    }

    private Flyway flyway(String historyTable, List<String> locations, boolean baselineAtZero) {
        return Flyway.configure(SchemaMigration.class.getClassLoader())
                .baselineOnMigrate(baselineAtZero)
                .baselineVersion("0")
                .dataSource(dataSource)
                .schemas("app", "demo", "reports")
                .defaultSchema("app")
                .createSchemas(true)
                .table(historyTable)
                .locations(locations.toArray(String[]::new))
                .failOnMissingLocations(true)
                .callbacks(new MigrationSearchPath())
                .load();
    }

    private static String migrate(String what, Flyway history) {
        MigrateResult result = history.migrate();
        MigrationInfo current = history.info().current();
        return "database migrations (" + what + "): " + result.migrationsExecuted + " applied, schema at version "
                + (current == null ? "none" : current.getVersion());
    }

    private static String resource(String name) {
        try (InputStream in = SchemaMigration.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
