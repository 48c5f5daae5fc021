package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.demo.control.DemoSetup;

/**
 * REPORTING_DEMO_DATA=false disables the demo accounts (so their known passwords stop working) and leaves data
 * alone; turning demo data back on enables them again and does not generate the data twice.
 */
@ExtendWith(ArquillianExtension.class)
class DemoSetupIT {

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("demo-setup-it").addClass(DemoSetupIT.class);
    }

    @Inject
    DemoSetup demoSetup;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Test
    void demoOffDisablesDemoAccountsAndDemoOnEnablesThemWithoutDuplicatingData() throws SQLException {
        long users = count("demo.users");
        long accounts = count("app.accounts");
        try {
            demoSetup.apply(false, 1_000);
            assertEquals(Map.of("admin", false, "auditor", false, "demo", false, "viewer", false), demoAccounts());
            assertEquals(users, count("demo.users"), "disabling demo accounts leaves the data alone");
        } finally {
            demoSetup.apply(true, 1_000);
        }
        assertEquals(Map.of("admin", true, "auditor", true, "demo", true, "viewer", true), demoAccounts());
        assertEquals(users, count("demo.users"), "data is generated only into an empty database");
        assertEquals(accounts, count("app.accounts"));
    }

    private Map<String, Boolean> demoAccounts() throws SQLException {
        Map<String, Boolean> enabled = new TreeMap<>();
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT username, enabled FROM app.accounts WHERE demo")) {
            while (rs.next()) {
                enabled.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return enabled;
    }

    private long count(String table) throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
