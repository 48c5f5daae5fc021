package org.mvreports.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.security.Roles;
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
    Pbkdf2PasswordHash passwordHash;

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
        Boolean demo = demoFlagOf(connection, user);
        if (Boolean.FALSE.equals(demo)) {
            LOG.fine(() -> "REPORTING_ADMIN_USER " + user + " exists; left as it is");
            return;
        }
        String password = settings.adminPassword().orElseThrow(() -> new IllegalStateException(
                "REPORTING_ADMIN_USER is " + user + " but REPORTING_ADMIN_PASSWORD is not set; set it to create"
                        + " that account"));
        try (PreparedStatement account = connection.prepareStatement("""
                INSERT INTO app.accounts (username, password_hash, display_name, demo)
                VALUES (?, ?, ?, false)
                ON CONFLICT (username) DO UPDATE
                SET password_hash = excluded.password_hash, display_name = excluded.display_name, demo = false,
                    enabled = true""");
             PreparedStatement role = connection.prepareStatement("""
                INSERT INTO app.account_roles (username, role) VALUES (?, ?) ON CONFLICT DO NOTHING""")) {
            account.setString(1, user);
            account.setString(2, passwordHash.generate(password.toCharArray()));
            account.setString(3, "Administrator");
            account.executeUpdate();
            for (String r : ALL_ROLES) {
                role.setString(1, user);
                role.setString(2, r);
                role.executeUpdate();
            }
        }
        LOG.info(() -> "created the first administrator " + user + " (REPORTING_ADMIN_USER), with all three roles");
    }

    /** Whether the account is a demo account; null when there is no such account. */
    private static Boolean demoFlagOf(Connection connection, String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT demo FROM app.accounts WHERE username = ? FOR UPDATE")) {
            query.setString(1, user);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }
}
