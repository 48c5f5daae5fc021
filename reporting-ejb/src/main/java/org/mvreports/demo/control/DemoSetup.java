package org.mvreports.demo.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.security.Roles;
import org.mvreports.settings.ReportingSettings;

/**
 * Demo data and demo accounts, or their absence: with {@code REPORTING_DEMO_DATA} on (the default) the seed domain
 * is filled once and the demo accounts exist and are enabled; with it {@code false} no rows are generated and any
 * demo accounts left from an earlier demo run are disabled, so a production database never keeps a known
 * password that works.
 */
@ApplicationScoped
public class DemoSetup {

    /** The demo accounts: user name and password are the same word. Documented in the README as demo only. */
    public static final Map<String, List<String>> DEMO_ACCOUNTS = Map.of(
            "viewer", List.of(Roles.REPORT_VIEWER),
            "admin", List.of(Roles.REFRESH_ADMIN),
            "auditor", List.of(Roles.AUDITOR),
            "demo", List.of(Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR));

    private static final Logger LOG = Logger.getLogger(DemoSetup.class.getName());

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    /** Applies the deployment's settings; see {@link #apply(boolean, int)}. */
    public void apply() {
        apply(settings.demoData(), settings.demoScale());
    }

    /**
     * Generates demo data (when there is none) and enables the demo accounts, or disables them, in one
     * transaction; the caller must not be in a JTA transaction.
     */
    public void apply(boolean demoData, int scale) {
        try {
            database.inTransaction(connection -> {
                applyIn(connection, demoData, scale);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up demo data: " + e.getMessage(), e);
        }
    }

    private void applyIn(Connection connection, boolean demoData, int scale) throws SQLException {
        if (demoData) {
            if (DemoDataGenerator.generateIfEmpty(connection, scale)) {
                LOG.info(() -> "generated demo data at scale " + scale);
            }
            createDemoAccounts(connection);
        } else {
            try (PreparedStatement disable = connection.prepareStatement(
                    "UPDATE app.accounts SET enabled = false WHERE demo AND enabled")) {
                int disabled = disable.executeUpdate();
                if (disabled > 0) {
                    LOG.info(() -> "REPORTING_DEMO_DATA=false: disabled " + disabled + " demo accounts");
                }
            }
        }
    }

    private void createDemoAccounts(Connection connection) throws SQLException {
        try (PreparedStatement account = connection.prepareStatement("""
                INSERT INTO app.accounts (username, password_hash, display_name, demo)
                VALUES (?, ?, ?, true)
                ON CONFLICT (username) DO UPDATE SET enabled = true
                WHERE app.accounts.demo"""); // never take over a real account that happens to share the name
             PreparedStatement role = connection.prepareStatement("""
                INSERT INTO app.account_roles (username, role)
                SELECT ?, ?
                WHERE EXISTS (SELECT 1 FROM app.accounts WHERE username = ? AND demo)
                ON CONFLICT DO NOTHING""")) {
            for (var entry : DEMO_ACCOUNTS.entrySet()) {
                String user = entry.getKey();
                account.setString(1, user);
                account.setString(2, passwordHash.generate(user.toCharArray()));
                account.setString(3, "Demo " + user);
                account.executeUpdate();
                for (String r : entry.getValue()) {
                    role.setString(1, user);
                    role.setString(2, r);
                    role.setString(3, user);
                    role.executeUpdate();
                }
            }
        }
    }
}
