package org.mvreports.launcher;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.mvreports.schema.control.SchemaMigration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The schema migrated by the database's owner role, outside the application server, and the runtime role handed
 * what is its own (two database roles, docs/integrity.md): run by the run command before it deploys and by
 * {@code ./run migrate}, so that the server never holds the owner's password.
 */
final class OwnerMigration {

    private OwnerMigration() {
    }

    /**
     * @param url           the database
     * @param ownerUser     the owner role and its password
     * @param ownerPassword (may be null where the server trusts local connections)
     * @param runtimeUser   the role the application server signs in as
     * @param environment   the REPORTING_* settings (REPORTING_VIEW_MIGRATIONS: a site's reports)
     * @return what was applied, a line per migration history
     * @throws SQLException when the roles are not set up as docs/integrity.md says, in PostgreSQL's words
     */
    static List<String> run(String url, String ownerUser, String ownerPassword, String runtimeUser,
                            Map<String, String> environment) throws SQLException {
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setURL(url);
        owner.setUser(ownerUser);
        owner.setPassword(ownerPassword);
        SchemaMigration schema = new SchemaMigration(owner,
                SchemaMigration.siteLocations(environment.get("REPORTING_VIEW_MIGRATIONS")));
        List<String> applied = schema.migrate();
        schema.handOver(runtimeUser);
        return applied;
    }
}
