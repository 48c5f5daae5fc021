package org.mvreports.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.mvreports.settings.ReportingSettings;

/**
 * Brings the database to the schema this build expects, with Flyway, in two histories:
 * <ol>
 *   <li>the product's own migrations ({@code classpath:db/application}): application tables, the seed domain
 *       and the seed reports, recorded in {@code app.flyway_schema_history};</li>
 *   <li>a site's report migrations ({@code REPORTING_VIEW_MIGRATIONS}), recorded separately in
 *       {@code app.flyway_site_history}, so a site numbers its files freely and the product can add versions
 *       later without colliding with them.</li>
 * </ol>
 * Flyway gets its own connections from the pool and commits each migration itself; callers must not be in a
 * JTA transaction. Every migration runs with the database's own search_path ({@link MigrationSearchPath}).
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Inject
    ReportingSettings settings;

    public void migrate() {
        run("application", "flyway_schema_history", List.of("classpath:db/application"), false);
        List<String> siteLocations = settings.viewMigrationLocations();
        if (!siteLocations.isEmpty()) {
            // The schemas already hold the product's objects when the site history starts: baseline it at
            // version 0 so that the site's V1 is applied, not mistaken for an unmanaged existing schema.
            run("site reports", "flyway_site_history", siteLocations, true);
        }
    }

    private void run(String what, String historyTable, List<String> locations, boolean baselineAtZero) {
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
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
                .load()
                .migrate();
        LOG.info(() -> "database migrations (" + what + "): " + result.migrationsExecuted
                + " applied, schema now at version " + result.targetSchemaVersion);
    }
}
