package org.mvreports.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole product on one machine: PostgreSQL (embedded unless REPORTING_DB_URL names one), Payara Server with
 * the pool and the batch job repository, and the deployed EAR. Used by the run command ({@link Main}) and by the
 * system tests, so the tests start exactly what users start. Closing it stops the server, then the database.
 *
 * <p>One stack per home folder at a time: a second start finds the home locked and says so.
 */
public final class LocalStack implements AutoCloseable {

    private final FileChannel lockChannel;
    private final FileLock lock;
    private EmbeddedDatabase database;
    private PayaraServer server;
    private final Map<String, String> environment;

    private final StackOptions options;
    private boolean closed;

    private LocalStack(StackOptions options, FileChannel lockChannel, FileLock lock) {
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.environment = new HashMap<>(options.environment());
    }

    /** Thrown when another stack already runs from the same home folder. */
    public static final class AlreadyRunningException extends IOException {
        AlreadyRunningException(Path home) {
            super("MV Reports is already running from " + home.toAbsolutePath()
                    + " (stop it with Ctrl-C in its terminal first)");
        }
    }

    /**
     * Starts a stack; if anything fails, what was started is stopped again before the exception leaves.
     *
     * @throws AlreadyRunningException when another stack runs from the same home folder
     */
    public static LocalStack start(StackOptions options) throws IOException {
        LocalStack stack = claim(options);
        stack.start();
        return stack;
    }

    /**
     * Claims the home folder without starting anything yet, so that a caller can register its stop handler
     * (Ctrl-C) before the slow part begins; then call {@link #start()}.
     */
    public static LocalStack claim(StackOptions options) throws IOException {
        Path home = options.home().toAbsolutePath();
        Files.createDirectories(home);
        FileChannel channel = FileChannel.open(home.resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new AlreadyRunningException(home);
        }
        // The holder's process id, for the run script, which checks before it rebuilds anything.
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(
                String.valueOf(ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        return new LocalStack(options, channel, lock);
    }

    /** Starts the database (unless an existing one is configured), the server and the application. */
    public void start() throws IOException {
        try {
            startDatabase(options);
            startServer(options);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startDatabase(StackOptions options) throws IOException {
        if (environment.containsKey("REPORTING_DB_URL")) {
            return; // an existing PostgreSQL, as the user configured it
        }
        Path logs = Files.createDirectories(options.home().toAbsolutePath().resolve("logs"));
        try {
            database = EmbeddedDatabase.start(options.home().toAbsolutePath().resolve("postgres"),
                    options.databasePort(), logs.resolve("postgres.log"));
        } catch (SQLException e) {
            throw new IOException("embedded PostgreSQL started but cannot be prepared: " + e.getMessage(), e);
        }
        environment.put("REPORTING_DB_URL", database.jdbcUrl());
        environment.put("REPORTING_DB_USER", EmbeddedDatabase.USER);
        environment.put("REPORTING_DB_PASSWORD", EmbeddedDatabase.PASSWORD);
    }

    private void startServer(StackOptions options) throws IOException {
        Path distribution = options.distribution().toAbsolutePath();
        Path zip = Files.list(distribution)
                .filter(p -> p.getFileName().toString().matches("payara-.*\\.zip"))
                .findFirst()
                .orElseThrow(() -> new IOException("no Payara distribution in " + distribution
                        + "; build first (mvn install)"));
        Path installDirectory = options.home().toAbsolutePath().resolve("server");
        server = PayaraServer.install(zip, installDirectory, options.portOffset(), environment);
        server.stopLeftover();
        server.start(jdbcDriverJar());
        server.configureDataSource(installDirectory);
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

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            failure = e;
        }
        try {
            if (database != null) {
                database.close();
            }
        } catch (IOException | UncheckedIOException e) {
            failure = failure == null ? new IOException(e) : failure;
        }
        lock.release();
        lockChannel.close();
        if (failure != null) {
            throw failure;
        }
    }
}
