package org.mvreports.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
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
    }
}
