package org.mvreports.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.mvreports.settings.ReportingSettings;

/**
 * The schema at deployment ({@link SchemaMigration}). With one database role the application owns its schema and
 * migrates it here. With two (docs/integrity.md) the owner role migrated it before the deployment and the
 * application, signed in as the runtime role, only checks that nothing is pending: it could not apply a migration,
 * and must not run on a schema older than it expects.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Inject
    ReportingSettings settings;

    /** What {@link #migrate()} left each history at, by history table: what readiness expects to find. */
    private volatile Map<String, String> versions = Map.of();

    /**
     * Callers must not be in a JTA transaction: Flyway commits each migration itself.
     *
     * @throws IllegalStateException when the owner role has migrations to apply first, saying how
     */
    public void migrate() {
        SchemaMigration schema = new SchemaMigration(dataSource,
                SchemaMigration.siteLocations(settings.viewMigrations().orElse(null)));
        try {
            if (schema.ownsSchema()) {
                schema.migrate().forEach(LOG::info);
                versions = schema.versions();
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read who owns the application's schema: " + e.getMessage(), e);
        }
        List<String> pending = schema.pending();
        if (!pending.isEmpty()) {
            throw new IllegalStateException("The database's owner role has migrations to apply before this version"
                    + " of MV Reports can run (" + String.join(", ", pending) + "): run ./run migrate with"
                    + " REPORTING_DB_OWNER_USER and REPORTING_DB_OWNER_PASSWORD set (README, \"Two database roles\"),"
                    + " then deploy again.");
        }
        LOG.info("database schema migrated by its owner role; nothing pending");
        versions = schema.versions();
    }

    /**
     * Whether the database still has the migrations this deployment started on, for readiness: every history at the
     * version it was at, and no failed migration recorded since (someone's migration broke, or the database was
     * restored from a backup older than the application). One query per history. Migrations a site adds while the
     * server runs are applied at its next start; they are not looked for here (that would scan every location at
     * each probe).
     *
     * @return what is wrong, or empty when nothing is
     */
    public Optional<String> problem(Connection connection) throws SQLException {
        if (versions.isEmpty()) {
            return Optional.of("the schema was not migrated at start-up");
        }
        for (Map.Entry<String, String> history : versions.entrySet()) {
            // The table name is one of SchemaMigration's two constants, never anything a user typed.
            try (PreparedStatement query = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM app."
                    + history.getKey() + " WHERE version = ? AND success), EXISTS (SELECT 1 FROM app."
                    + history.getKey() + " WHERE NOT success)")) {
                query.setString(1, history.getValue());
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return Optional.of(history.getKey() + " no longer holds version " + history.getValue());
                    }
                    if (rs.getBoolean(2)) {
                        return Optional.of(history.getKey() + " records a failed migration");
                    }
                }
            }
        }
        return Optional.empty();
    }
}
