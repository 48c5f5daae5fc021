package org.mvreports.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * {@code ./run migrate}: the schema migrated by the database's owner role, and the runtime role handed its part (two
 * database roles, docs/integrity.md), without starting the application. For a site whose application servers are its
 * own: run it with the new version before deploying the new EAR, which only checks that nothing is pending. It also
 * moves a database that had one role until now to two. The home's embedded database is migrated the same way (the
 * run command does that on every start anyway).
 */
final class MigrateCommand {

    private MigrateCommand() {
    }

    /** @return the exit status: 0 done, 1 failed, 2 settings missing */
    static int run(Map<String, String> environment, PrintStream out, PrintStream err) {
        if (environment.containsKey("REPORTING_DB_URL")) {
            String owner = environment.get(LocalStack.OWNER_USER);
            String runtime = environment.get("REPORTING_DB_USER");
            if (owner == null || runtime == null) {
                err.println("./run migrate needs " + LocalStack.OWNER_USER + " and " + LocalStack.OWNER_PASSWORD
                        + " (the role that owns the schema and the records) and REPORTING_DB_USER (the role the"
                        + " application servers sign in as) beside REPORTING_DB_URL; see README, \"Two database"
                        + " roles\".");
                return Main.USAGE_OR_IN_USE;
            }
            return migrate(environment.get("REPORTING_DB_URL"), owner,
                    environment.get(LocalStack.OWNER_PASSWORD), runtime, environment, out, err);
        }
        try (HomeDatabase database = HomeDatabase.open(environment, out)) {
            return migrate(database.url(), EmbeddedDatabase.OWNER, EmbeddedDatabase.OWNER_PASSWORD,
                    EmbeddedDatabase.USER, environment, out, err);
        } catch (HomeDatabase.UnavailableException | IOException e) {
            err.println(e.getMessage());
            return Main.COULD_NOT_START;
        }
    }

    private static int migrate(String url, String owner, String ownerPassword, String runtime,
                               Map<String, String> environment, PrintStream out, PrintStream err) {
        try {
            List<String> applied = OwnerMigration.run(url, owner, ownerPassword, runtime, environment);
            applied.forEach(out::println);
            out.println("The records (refresh history, exports, admin actions) belong to " + owner + "; " + runtime
                    + " may add to them and read them, and owns the reports.");
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("The migration as " + owner + " at " + url + " failed: " + e.getMessage());
            return Main.COULD_NOT_START;
        }
    }
}
