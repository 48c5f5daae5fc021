package org.mvreports.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.security.entity.Roles;
import org.mvreports.settings.ReportingSettings;

/**
 * The way into a site without demo data: {@code REPORTING_ADMIN_USER} and {@code REPORTING_ADMIN_PASSWORD} create
 * that account, with all three roles, when it does not exist yet (normally on the first start). An account that
 * exists is left as it is, password included, so the password can be changed later (with the run command's
 * {@code accounts} command) without the setting changing it back; a demo account of that name is taken over (made
 * an ordinary account with this password), since demo accounts are disabled without demo data.
 */
@ApplicationScoped
public class FirstAdministrator {

    private static final Logger LOG = Logger.getLogger(FirstAdministrator.class.getName());

    private static final List<String> ALL_ROLES = List.of(Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR);

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    Accounts accounts;

    /**
     * Creates the configured first administrator if needed; the caller must not be in a JTA transaction.
     *
     * @throws IllegalStateException when the account has to be created but no password is configured
     */
    public void apply() {
        Optional<String> user = settings.adminUser();
        if (user.isEmpty()) {
            return;
        }
        try {
            database.inTransaction(connection -> {
                create(connection, user.get());
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the first administrator: " + e.getMessage(), e);
        }
    }

    private void create(Connection connection, String user) throws SQLException {
        if (Accounts.kindOf(connection, user) == Accounts.Kind.ORDINARY) {
            LOG.fine(() -> "REPORTING_ADMIN_USER " + user + " exists; left as it is");
            return;
        }
        String password = settings.adminPassword().orElseThrow(() -> new IllegalStateException(
                "REPORTING_ADMIN_USER is " + user + " but REPORTING_ADMIN_PASSWORD is not set; set it to create"
                        + " that account"));
        accounts.createOrTakeOverDemo(connection, user, "Administrator", password.toCharArray(), ALL_ROLES);
        LOG.info(() -> "created the first administrator " + user + " (REPORTING_ADMIN_USER), with all three roles");
    }
}
