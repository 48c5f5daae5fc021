package org.mvreports.schema.control;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Runs every migration with the search_path the database gives the application's role (what {@code RESET
 * search_path} gives: the role's or database's setting, by default {@code "$user", public}), which is what the
 * author of a site's report saw when trying the SQL in psql. So an unqualified {@code FROM customer} in a site's
 * migration means {@code public.customer}, as its author expects.
 *
 * <p>Without this, Flyway runs migrations with its default schema in front of the connection's path
 * ({@code app, "$user", public}): a site's {@code FROM accounts} would have read the application's own
 * {@code app.accounts} (password hashes) instead of the site's {@code public.accounts}; and a pooled connection's
 * path may have been set by an earlier user. The product's own migrations name every schema, so the path changes
 * nothing for them. Flyway puts the connection's original path back when it is done.
 */
final class MigrationSearchPath implements Callback {

    private static final String RESET_TO_DATABASE_DEFAULT = """
            SELECT set_config('search_path', reset_val, false)
            FROM pg_settings
            WHERE name = 'search_path'""";

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (PreparedStatement reset = context.getConnection().prepareStatement(RESET_TO_DATABASE_DEFAULT)) {
            reset.execute();
        } catch (SQLException e) {
            throw new FlywayException("cannot set the search_path for the migration: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "database default search_path";
    }
}
