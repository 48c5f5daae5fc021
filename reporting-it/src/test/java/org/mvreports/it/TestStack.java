package org.mvreports.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        // Directory sign-in is on in the stack: every sign-in test also shows that database accounts are not
        // affected by it (DirectorySignInIT tests the directory's own users).
        TestDirectory.start();
        Map<String, String> environment = new java.util.HashMap<>(TestDirectory.settings());
        environment.putAll(Map.of("REPORTING_DEMO_SCALE", String.valueOf(DEMO_SCALE),
                "REPORTING_NODE_NAME", "it-node",
                // Tests tick the scheduler themselves; a timer firing mid-test would refresh their views.
                "REPORTING_SCHEDULER", "false",
                // Not PostgreSQL's default (2), so a test can see that refreshes run with it.
                "REPORTING_REFRESH_PARALLEL_WORKERS", "1",
                // AlertsIT's receivers listen on this machine; nothing else is called.
                "REPORTING_ALERT_HOSTS", "localhost",
                // Every test signs in from 127.0.0.1: only SignInThrottleIT's many failures (from 127.0.0.2) reach this.
                "REPORTING_SIGN_IN_FAILURES_PER_ADDRESS", "200"));
        LocalStack claimed = LocalStack.claim(new StackOptions(home, distribution(), PORT_OFFSET, 0, environment));
        // A fresh database for every run, so tests can assert exact start-up outcomes; the unpacked server is kept.
        // Deleted only once the home is ours: another run using it would lose its live database.
        org.mvreports.launcher.StackFiles.deleteRecursively(home.resolve("postgres"));
        claimed.start();
        stack = claimed;
        awaitStartupRefresh();
    }

    /**
     * The application answers as soon as it is deployed and populates its reports in a job after that; tests expect
     * the seed reports populated, so the run waits for that job (it takes seconds at the tests' scale).
     */
    private static void awaitStartupRefresh() throws IOException {
        try (Connection db = database(); Statement statement = db.createStatement()) {
            Await.until("the start-up refresh to populate every report", Duration.ofMinutes(5), () -> {
                try (ResultSet rs = statement.executeQuery("""
                        SELECT NOT EXISTS (SELECT 1 FROM pg_matviews
                                           WHERE schemaname = 'reports' AND NOT ispopulated)
                           AND to_regclass('app.executioninstancedata') IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM app.executioninstancedata
                                           WHERE batchstatus IN ('STARTING', 'STARTED', 'STOPPING'))""")) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            });
        } catch (AssertionError timedOut) {
            throw new IOException(timedOut.getMessage(), timedOut);
        } catch (Exception e) {
            throw new IOException("cannot follow the start-up refresh: " + e.getMessage(), e);
        }
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

    /**
     * Stops the test stack's PostgreSQL as an administrator's {@code pg_ctl restart -m fast} would (every session is
     * terminated with 57P01), keeps it down for {@code downtime}, and starts it again with the same command line
     * (PostgreSQL's own record of it, {@code postmaster.opts}); returns once it accepts connections again. For tests
     * of what the application does when its database restarts.
     */
    public static void restartDatabase(Duration downtime) throws Exception {
        StoppedDatabase stopped = stopDatabase();
        Thread.sleep(downtime.toMillis()); // the outage itself, not a wait for something to happen
        stopped.start();
    }

    /** A fast shutdown of the stack's PostgreSQL (what an administrator's restart does first). */
    public static StoppedDatabase stopDatabase() throws Exception {
        Path data = Path.of(System.getProperty("mvreports.stack.home", "target/stack")).resolve("postgres")
                .toAbsolutePath();
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        List<String> commandLine = new ArrayList<>();
        Matcher argument = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S+)")
                .matcher(Files.readString(data.resolve("postmaster.opts")).trim());
        while (argument.find()) {
            commandLine.add(argument.group(1) != null ? argument.group(1) : argument.group(2));
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(1, TimeUnit.MINUTES);
        if ("root".equals(System.getProperty("user.name"))) {
            commandLine.addAll(0, List.of("unshare", "-U")); // PostgreSQL refuses to run as root (zonky does this too)
        }
        return new StoppedDatabase(commandLine, data.resolveSibling("logs").resolve("postgres.log"));
    }

    /** The stack's PostgreSQL while it is stopped: {@link #start()} brings it back as it was. */
    public record StoppedDatabase(List<String> commandLine, Path log) {

        /** Starts PostgreSQL again with the command line it had, and returns once it accepts connections. */
        public void start() throws Exception {
            new ProcessBuilder(commandLine).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // Until PostgreSQL is back, connecting fails: here that failure only means "not yet".
            Await.until("PostgreSQL to accept connections again", Duration.ofMinutes(1), SQLException.class, () -> {
                try (Connection ignored = database()) {
                    return true;
                }
            });
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
        DatabaseLogin login = databaseLogin();
        return DriverManager.getConnection(login.jdbcUrl(), login.user(), login.password());
    }

    /** How the application signs in to its database, for clients other than JDBC (psql). */
    public record DatabaseLogin(String jdbcUrl, String user, String password) {
    }

    /** The application's database login: its JDBC URL ({@code jdbc:postgresql://localhost:port/db}), role, password. */
    public static DatabaseLogin databaseLogin() {
        LocalStack s = running();
        return new DatabaseLogin(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
    }

    /**
     * The stack's Payara Server process (the domain's JVM), found by its command line, which starts with a class path
     * in the stack's installation directory (Java reads only the first 4 KiB of a command line, and the server's is
     * longer); for measurements of the server's own memory.
     */
    public static ProcessHandle serverProcess() {
        running();
        String installation = Path.of(System.getProperty("mvreports.stack.home", "target/stack")).resolve("server")
                .toAbsolutePath().toString();
        Pattern serverClassPath = Pattern.compile(" -cp \\S*" + Pattern.quote(installation)
                + "/\\S*/glassfish/modules/glassfish\\.jar");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().filter(line -> serverClassPath.matcher(line).find()).isPresent())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no Payara Server process runs from " + installation));
    }
}
