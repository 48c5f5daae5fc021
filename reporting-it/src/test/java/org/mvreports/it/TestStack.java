package org.mvreports.it;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.mvreports.launcher.LocalStack;
import org.mvreports.launcher.StackOptions;

/**
 * The one running product all tests of this module share: a fresh embedded PostgreSQL with demo data, Payara Server
 * with every port moved by {@link #PORT_OFFSET} (so it runs beside a developer's own instance), and the real EAR.
 * Started and stopped by {@link StackSession}; tests only read it.
 */
public final class TestStack {

    /**
     * Payara's ports + 20000 by default: HTTP 28080, administration 24848 (arquillian.xml names the latter too); the
     * pom's {@code it.port.offset} moves them, so that two checkouts can run their tests at once.
     */
    public static final int PORT_OFFSET = Integer.getInteger("mvreports.it.port-offset", 20_000);

    /**
     * Demo users generated for the tests: small, so the run is quick, but several years of months. The benchmark
     * profile sets {@code mvreports.demo.scale} to millions.
     */
    static final int DEMO_SCALE = Integer.getInteger("mvreports.demo.scale", 3_000);

    private static LocalStack stack;

    private TestStack() {
    }

    static synchronized void start() throws IOException {
        if (stack != null) {
            return;
        }
        Path home = home();
        LocalStack claimed = LocalStack.claim(new StackOptions(home, distribution(), PORT_OFFSET, 0,
                Map.of("REPORTING_DEMO_SCALE", String.valueOf(DEMO_SCALE),
                        "REPORTING_NODE_NAME", "it-node",
                        // Tests tick the scheduler themselves; a timer firing mid-test would refresh their views.
                        "REPORTING_SCHEDULER", "false")));
        // A fresh database for every run, so tests can assert exact start-up outcomes; the unpacked server is kept.
        // Deleted only once the home is ours: another run using it would lose its live database.
        org.mvreports.launcher.StackFiles.deleteRecursively(home.resolve("postgres"));
        claimed.start();
        stack = claimed;
    }

    static synchronized void stop() throws IOException {
        if (stack != null) {
            try {
                stack.close();
            } finally {
                stack = null;
            }
        }
    }

    private static LocalStack running() {
        if (stack == null) {
            throw new IllegalStateException("the test stack is not running (StackSession starts it)");
        }
        return stack;
    }

    /** {@code http://localhost:28080/reporting/} */
    public static String applicationUrl() {
        return running().applicationUrl();
    }

    /** The distribution folder (EAR and Payara zip) the stacks of this module start from. */
    static Path distribution() {
        return Path.of(System.getProperty("mvreports.distribution", "../reporting-launcher/target/dist"));
    }

    /** The checkout these tests run in: the run script and the launcher's build are here. */
    static Path checkout() {
        // distribution() is <checkout>/reporting-launcher/target/dist
        return distribution().toAbsolutePath().normalize().getParent().getParent().getParent();
    }

    /** The home folder of the shared stack. */
    static Path home() {
        return Path.of(System.getProperty("mvreports.stack.home", "target/stack")).toAbsolutePath().normalize();
    }

    /** A connection to the test stack's PostgreSQL server as its superuser, to set up other databases. */
    static Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrlOf(database), "postgres", "");
    }

    /** JDBC URL of another database on the test stack's PostgreSQL server. */
    static String jdbcUrlOf(String database) {
        String url = running().jdbcUrl();
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    /** A connection to the application's database as the application's own role, for independent checks. */
    public static Connection database() throws SQLException {
        LocalStack s = running();
        return DriverManager.getConnection(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    }
}
