package org.mvreports.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL 17 (zonky's embedded binaries) whose data lives in a folder of ours, so that stopping and
 * starting again keeps every row. It creates, once, the database and its two roles (docs/integrity.md): the runtime
 * role the application server signs in as, and the owner role that owns the records and migrates the schema, which
 * only the launcher uses. Neither is a superuser, as they would not be in production.
 *
 * <p>Its port is the home's own: picked free on the first start and kept in {@code postgres.port}, so that a psql
 * line or a tool's connection set up once keeps working; another one only when something else has taken it since.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String DATABASE = "mvreports";
    static final String USER = "mvreports";
    /**
     * Not a secret: the embedded server only listens on localhost and trusts local connections (zonky's initdb
     * uses trust authentication). It is set so the pool's configuration looks the same as for a real server.
     */
    static final String PASSWORD = "mvreports-local";

    /** The owner role: migrations and the records (docs/integrity.md). The launcher never gives it to the server. */
    static final String OWNER = "mvreports_owner";
    /** Not a secret either, for the same reason as {@link #PASSWORD}; a site's owner password is a setting. */
    static final String OWNER_PASSWORD = "mvreports-owner-local";

    private static final String PORT_FILE = "postgres.port";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** The data folder in a home. */
    static Path dataDirectory(Path home) {
        return home.resolve("postgres");
    }

    /** Whether the home has a database yet (its first start creates it). */
    static boolean existsIn(Path home) {
        return Files.exists(dataDirectory(home).resolve("PG_VERSION"));
    }

    /**
     * Starts the home's database, with its data in {@code postgres} and its log in {@code logs/postgres.log}.
     *
     * @param port    0 for the home's own port (see the class comment)
     * @param notices where to say that the home's port was taken and another one is used
     */
    static EmbeddedDatabase startIn(Path home, int port, PrintStream notices) throws IOException, SQLException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        return start(dataDirectory(home), port > 0 ? port : homePort(home, notices), logs.resolve("postgres.log"));
    }

    /** The port remembered in the home if it is free, else a free one, which the home remembers from now on. */
    static int homePort(Path home, PrintStream notices) throws IOException {
        Path file = home.resolve(PORT_FILE);
        String remembered = Files.exists(file) ? Files.readString(file).trim() : "";
        if (remembered.matches("\\d{1,5}") && isFree(Integer.parseInt(remembered))) {
            return Integer.parseInt(remembered);
        }
        int port;
        try (ServerSocket any = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = any.getLocalPort();
        }
        if (!remembered.isEmpty()) {
            notices.println("The database's port " + remembered + " is taken by another program; it listens on "
                    + port + " from now on.");
        }
        Files.writeString(file, String.valueOf(port));
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static EmbeddedDatabase start(Path dataDirectory, int port, Path logFile)
            throws IOException, SQLException {
        Files.createDirectories(dataDirectory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the launcher stops it, after the application server
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // zonky starts PostgreSQL tuned for throw-away test data (-F, synchronous_commit=off); this
                // database keeps a user's data across restarts and crashes, so durability is switched back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.setPort(port);
        EmbeddedDatabase database = new EmbeddedDatabase(builder.start());
        database.createApplicationDatabase();
        return database;
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return jdbcUrl(port());
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** How to open the database in psql (no password needed: local connections are trusted, see PASSWORD). */
    String psqlCommand() {
        return "psql postgresql://" + USER + "@localhost:" + port() + "/" + DATABASE;
    }

    private void createApplicationDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
             Statement statement = admin.createStatement()) {
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", USER)) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(admin, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            // A home from before the two roles gets its owner role on its next start; the hand-over after the
            // migrations then moves the records to it.
            if (!exists(admin, "SELECT 1 FROM pg_roles WHERE rolname = ?", OWNER)) {
                statement.execute("CREATE ROLE " + OWNER + " LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            }
            // Member of the runtime role, to hand it the reports it refreshes; CREATE, to own the schema app.
            // (Both grants say so and change nothing when given already.)
            statement.execute("GRANT " + USER + " TO " + OWNER);
            statement.execute("GRANT CREATE ON DATABASE " + DATABASE + " TO " + OWNER);
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
