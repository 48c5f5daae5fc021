package org.mvreports.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole product on one machine: PostgreSQL (embedded unless REPORTING_DB_URL names one), Payara Server with
 * the pool and the batch job repository, and the deployed EAR. Used by the run command ({@link Main}) and by the
 * system tests, so the tests start exactly what users start. Closing it stops the server, then the database.
 *
 * <p>One stack per home folder at a time ({@link HomeLock}): a second start finds the home claimed and says by whom.
 * Server and database run detached from this process, so a {@link Watchdog} stops them should this process die
 * without closing the stack; and a start first stops whatever a killed predecessor left running in the home.
 */
public final class LocalStack implements AutoCloseable {

    /** The owner role's settings for an existing PostgreSQL: the launcher's alone, never the server's. */
    static final String OWNER_USER = "REPORTING_DB_OWNER_USER";
    static final String OWNER_PASSWORD = "REPORTING_DB_OWNER_PASSWORD";

    private final HomeLock lock;
    private final Map<String, String> environment;
    private final String ownerUser;
    private final String ownerPassword;
    private final StackOptions options;
    private Process watchdog;
    private EmbeddedDatabase database;
    private PayaraServer server;
    private boolean closed;

    private LocalStack(StackOptions options, HomeLock lock) {
        this.options = options;
        this.lock = lock;
        this.environment = new HashMap<>(options.environment());
        // Taken out of what the server is given (its environment and the pool's settings come from this map).
        this.ownerUser = environment.remove(OWNER_USER);
        this.ownerPassword = environment.remove(OWNER_PASSWORD);
    }

    /**
     * Starts a stack; if anything fails, what was started is stopped again before the exception leaves.
     *
     * @throws HomeLock.HomeInUseException when another process holds the home folder
     */
    public static LocalStack start(StackOptions options) throws IOException {
        LocalStack stack = claim(options);
        stack.start();
        return stack;
    }

    /**
     * Claims the home folder and stops what a killed launcher left running in it, without starting anything yet,
     * so that a caller can register its stop handler (Ctrl-C) before the slow part begins; then call
     * {@link #start()}.
     *
     * @throws HomeLock.HomeInUseException when another process holds the home folder
     */
    public static LocalStack claim(StackOptions options) throws IOException {
        Path home = options.home().toAbsolutePath().normalize();
        HomeLock lock = HomeLock.claim(home, HomeLock.Activity.STARTING, "MV Reports is starting from " + home
                + " (process " + ProcessHandle.current().pid() + "); wait for it, or stop it with Ctrl-C in its"
                + " terminal.", System.out);
        try {
            StackProcesses.stopLeftovers(home, System.out);
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        return new LocalStack(options, lock);
    }

    /** Starts the database (unless an existing one is configured), the server and the application. */
    public void start() throws IOException {
        try {
            watchdog = Watchdog.spawn(lock.home());
            startDatabase();
            migrateAsOwner();
            startServer();
            lock.describe(HomeLock.Activity.RUNNING, "MV Reports is already running from " + lock.home()
                    + " (process " + ProcessHandle.current().pid() + ") at " + applicationUrl()
                    + "; stop it with Ctrl-C in its terminal first.");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startDatabase() throws IOException {
        if (environment.containsKey("REPORTING_DB_URL")) {
            return; // an existing PostgreSQL, as the user configured it
        }
        try {
            database = EmbeddedDatabase.startIn(lock.home(), options.databasePort(), System.out);
        } catch (SQLException e) {
            throw new IOException("embedded PostgreSQL started but cannot be prepared: " + e.getMessage(), e);
        }
        environment.put("REPORTING_DB_URL", database.jdbcUrl());
        environment.put("REPORTING_DB_USER", EmbeddedDatabase.USER);
        environment.put("REPORTING_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
    }

    /**
     * With two database roles (the embedded database always; an existing one when its owner role is configured), the
     * schema is migrated here, as the owner, before the server starts; with one, the application migrates it itself
     * and its history pages warn that the records are not protected from it.
     */
    private void migrateAsOwner() throws IOException {
        String user = database != null ? EmbeddedDatabase.OWNER : ownerUser;
        if (user == null) {
            System.out.println("Warning: " + OWNER_USER + " is not set, so MV Reports' own database role owns the"
                    + " records (refresh history, exports, admin actions) and could change them. See README, \"Two"
                    + " database roles\".");
            return;
        }
        String password = database != null ? EmbeddedDatabase.OWNER_PASSWORD : ownerPassword;
        try {
            OwnerMigration.run(jdbcUrl(), user, password, jdbcUser(), environment);
        } catch (SQLException | RuntimeException e) {
            throw new IOException("the database's owner role (" + user + ") could not migrate the schema: "
                    + e.getMessage(), e);
        }
    }

    private void startServer() throws IOException {
        Path distribution = options.distribution().toAbsolutePath();
        Path zip;
        try (Stream<Path> files = Files.list(distribution)) {
            zip = files.filter(p -> p.getFileName().toString().matches("payara-.*\\.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no Payara distribution in " + distribution
                            + "; build first (mvn install)"));
        }
        server = PayaraServer.install(zip, lock.home(), options.portOffset(), environment);
        // Alerts link to the console at the address this stack serves, unless the site names its own.
        environment.putIfAbsent("REPORTING_PUBLIC_URL", applicationUrl());
        server.start(jdbcDriverJar());
        server.hideServerIdentity();
        server.configureDataSource(PayaraServer.installation(lock.home()).getParent());
        server.deploy(distribution.resolve("mv-reports.ear"));
    }

    /** The PostgreSQL driver jar on the launcher's class path; the server needs it for server-level pools. */
    private static Path jdbcDriverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The application's address; the run command prints it. */
    public String applicationUrl() {
        return "http://localhost:" + server.httpPort() + "/reporting/";
    }

    public int httpPort() {
        return server.httpPort();
    }

    public int adminPort() {
        return server.adminPort();
    }

    public Path serverLog() {
        return server.serverLog();
    }

    /** The running server's process: the run command watches it, to stop everything when it dies. */
    public ProcessHandle serverProcess() {
        return server.process();
    }

    /**
     * How a person opens the application's database: a psql command for the embedded one, the configured JDBC URL
     * otherwise.
     */
    public String databaseAccess() {
        return database != null ? database.psqlCommand() : jdbcUrl();
    }

    /** JDBC URL, user and password of the application's database, for tests that check data independently. */
    public String jdbcUrl() {
        return environment.get("REPORTING_DB_URL");
    }

    public String jdbcUser() {
        return environment.get("REPORTING_DB_USER");
    }

    public String jdbcPassword() {
        return environment.get("REPORTING_DB_PASSWORD");
    }

    /** Stops the server, then the database, then the watchdog (nothing is left for it), and gives up the home. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<Exception> failures = new ArrayList<>();
        try {
            lock.describe(HomeLock.Activity.STOPPING, "MV Reports of " + lock.home() + " is stopping (process "
                    + ProcessHandle.current().pid() + "); start it again once it has stopped.");
        } catch (IOException e) {
            failures.add(e);
        }
        for (AutoCloseable part : new AutoCloseable[] {server, database, this::stopWatchdog, lock}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IOException failure = new IOException(failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void stopWatchdog() throws IOException {
        if (watchdog != null) {
            watchdog.destroy();
            StackProcesses.awaitExit(watchdog.toHandle(), 10);
        }
    }
}
