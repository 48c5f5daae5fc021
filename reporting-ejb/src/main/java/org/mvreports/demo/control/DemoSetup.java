package org.mvreports.demo.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.security.entity.Roles;
import org.mvreports.security.control.Accounts;
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
    Accounts accounts;

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
            for (var account : DEMO_ACCOUNTS.entrySet()) {
                accounts.enableDemo(connection, account.getKey(), account.getValue());
            }
        } else {
            int disabled = Accounts.disableDemoAccounts(connection);
            if (disabled > 0) {
                LOG.info(() -> "REPORTING_DEMO_DATA=false: disabled " + disabled + " demo accounts");
            }
        }
    }
}
