package org.mvreports.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The application's database for a command that runs beside the stack or without it (the accounts command), found
 * the way the run command finds it:
 * <ul>
 *   <li>{@code REPORTING_DB_URL}, {@code _USER}, {@code _PASSWORD} when set;</li>
 *   <li>else the home's embedded PostgreSQL: the running one when the stack runs (or a killed launcher left it
 *       running), else started just for the command, with the home claimed meanwhile so that {@code ./run} cannot
 *       start at the same moment, and stopped again when the command closes this.</li>
 * </ul>
 * It never creates a database: a home that has none yet has not been started once, and the command says so.
 */
public final class HomeDatabase implements AutoCloseable {

    /** Why the database cannot be reached now, in words for the person who ran the command. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final HomeLock lock;
    private final Process watchdog;
    private final EmbeddedDatabase startedHere;

    private HomeDatabase(String url, String user, String password, HomeLock lock, Process watchdog,
                         EmbeddedDatabase startedHere) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.lock = lock;
        this.watchdog = watchdog;
        this.startedHere = startedHere;
    }

    /**
     * @param environment the REPORTING_* settings
     * @param progress    where to say that the database is started for the command
     */
    public static HomeDatabase open(Map<String, String> environment, PrintStream progress)
            throws UnavailableException {
        if (environment.containsKey("REPORTING_DB_URL")) {
            return new HomeDatabase(environment.get("REPORTING_DB_URL"), environment.get("REPORTING_DB_USER"),
                    environment.get("REPORTING_DB_PASSWORD"), null, null, null);
        }
        Path home;
        try {
            home = StackFiles.home(environment);
        } catch (IOException e) {
            throw new UnavailableException("Cannot read the home folder: " + e.getMessage());
        }
        Optional<HomeDatabase> running = running(home);
        if (running.isPresent()) {
            return running.get();
        }
        if (!EmbeddedDatabase.existsIn(home)) {
            throw new UnavailableException("There is no database in " + home + " yet: start MV Reports once first"
                    + " (./run), or name your own with REPORTING_DB_URL.");
        }
        HomeLock lock;
        try {
            lock = HomeLock.claim(home, HomeLock.Activity.ACCOUNTS, "An accounts command (process "
                    + ProcessHandle.current().pid() + ") has started the database of " + home + " for a moment;"
                    + " try again when it has finished.", progress);
        } catch (IOException e) {
            throw new UnavailableException(e.getMessage());
        }
        Process watchdog = null;
        try {
            // A launcher may have come and gone between the look above and the claim; a database it left is used.
            running = running(home);
            if (running.isPresent()) {
                lock.close();
                return running.get();
            }
            watchdog = Watchdog.spawn(home);
            progress.println("Starting the database of " + home + " for a moment...");
            EmbeddedDatabase database = EmbeddedDatabase.startIn(home, 0, progress);
            return new HomeDatabase(database.jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD, lock,
                    watchdog, database);
        } catch (IOException | SQLException | RuntimeException e) {
            stopQuietly(watchdog);
            closeQuietly(lock);
            throw new UnavailableException("The database of " + home + " did not start: " + e.getMessage()
                    + " (see " + home.resolve("logs/postgres.log") + ")");
        }
    }

    private static Optional<HomeDatabase> running(Path home) {
        return StackProcesses.of(home).database().map(database -> new HomeDatabase(
                EmbeddedDatabase.jdbcUrl(database.port()), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD,
                null, null, null));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Where the database is, for messages. */
    public String url() {
        return url;
    }

    /** Stops the database if it was started for the command, and gives the home back. */
    @Override
    public void close() throws IOException {
        if (startedHere != null) {
            try {
                startedHere.close();
            } finally {
                stopQuietly(watchdog);
                lock.close();
            }
        }
    }

    private static void stopQuietly(Process watchdog) {
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    private static void closeQuietly(HomeLock lock) {
        try {
            lock.close();
        } catch (IOException alreadyGone) {
            // the lock ends with this process anyway
        }
    }
}
