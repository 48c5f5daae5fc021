package org.mvreports.launcher.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sign-in accounts in {@code app.accounts} and their roles in {@code app.account_roles}, as the application's
 * identity store reads them: it signs in an account whose {@code enabled} is true and whose password matches the
 * hash, with the roles listed for it. Every change is one transaction that first locks the account's row, so two
 * commands (or the application disabling demo accounts) never interleave. Demo accounts are only listed: the
 * application owns them ({@code demo} is true).
 */
final class AccountStore {

    /** The roles the application knows (the table's CHECK constraint names the same three). */
    static final List<String> ROLES = List.of("report-viewer", "refresh-admin", "auditor");

    /** One account as {@code list} shows it. */
    record Account(String username, String displayName, boolean enabled, boolean demo, OffsetDateTime createdAt,
                   List<String> roles) {
    }

    private final Connection connection;

    private AccountStore(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param where the database, for the message when it has no accounts tables
     * @throws CommandException when the tables do not exist yet (the application's first start creates them)
     */
    static AccountStore in(Connection connection, String where) throws SQLException, CommandException {
        try (Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("""
                     SELECT to_regclass('app.accounts') IS NOT NULL
                        AND to_regclass('app.account_roles') IS NOT NULL""")) {
            tables.next();
            if (!tables.getBoolean(1)) {
                throw new CommandException(AccountsCommand.UNAVAILABLE, "The database " + where
                        + " has no accounts tables yet: start MV Reports once first (./run).");
            }
        }
        return new AccountStore(connection);
    }

    List<Account> list() throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT a.username, a.display_name, a.enabled, a.demo, a.created_at,
                            coalesce(string_agg(r.role, ',' ORDER BY r.role), '') AS roles
                     FROM app.accounts a
                     LEFT JOIN app.account_roles r ON r.username = a.username
                     GROUP BY a.username
                     ORDER BY a.username""")) {
            while (rows.next()) {
                String roles = rows.getString("roles");
                accounts.add(new Account(rows.getString("username"), rows.getString("display_name"),
                        rows.getBoolean("enabled"), rows.getBoolean("demo"),
                        rows.getObject("created_at", OffsetDateTime.class),
                        roles.isEmpty() ? List.of() : List.of(roles.split(","))));
            }
        }
        return accounts;
    }

    /** Fails unless {@code username} is an account this command may change. */
    void requireOrdinary(String username) throws SQLException, CommandException {
        inTransaction(() -> lockOrdinary(username));
    }

    /** Fails when the name is taken (by an ordinary or a demo account). */
    void requireFree(String username) throws SQLException, CommandException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM app.accounts WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    throw alreadyExists(username);
                }
            }
        }
    }

    void add(String username, String displayName, String passwordHash, Set<String> roles)
            throws SQLException, CommandException {
        inTransaction(() -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO app.accounts (username, password_hash, display_name)
                    VALUES (?, ?, ?)
                    ON CONFLICT (username) DO NOTHING""")) {
                insert.setString(1, username);
                insert.setString(2, passwordHash);
                insert.setString(3, displayName);
                if (insert.executeUpdate() == 0) {
                    throw alreadyExists(username);
                }
            }
            insertRoles(username, roles);
        });
    }

    void changePassword(String username, String passwordHash) throws SQLException, CommandException {
        updateOrdinary(username, "password_hash", passwordHash);
    }

    /** Gives the account exactly these roles. */
    void replaceRoles(String username, Set<String> roles) throws SQLException, CommandException {
        inTransaction(() -> {
            lockOrdinary(username);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM app.account_roles WHERE username = ?")) {
                delete.setString(1, username);
                delete.executeUpdate();
            }
            insertRoles(username, roles);
        });
    }

    void setEnabled(String username, boolean enabled) throws SQLException, CommandException {
        updateOrdinary(username, "enabled", enabled);
    }

    /** Sets one column of an ordinary account; {@code column} is one of this class's own names, never input. */
    private void updateOrdinary(String username, String column, Object value) throws SQLException, CommandException {
        inTransaction(() -> {
            lockOrdinary(username);
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.accounts
                    SET %s = ?
                    WHERE username = ?""".formatted(column))) {
                update.setObject(1, value);
                update.setString(2, username);
                update.executeUpdate();
            }
        });
    }

    private void insertRoles(String username, Set<String> roles) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO app.account_roles (username, role) VALUES (?, ?)")) {
            for (String role : roles) {
                insert.setString(1, username);
                insert.setString(2, role);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Locks the account's row for the rest of the transaction; fails for unknown and demo accounts. */
    private void lockOrdinary(String username) throws SQLException, CommandException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT demo
                FROM app.accounts
                WHERE username = ?
                FOR UPDATE""")) {
            query.setString(1, username);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new CommandException(AccountsCommand.NO_SUCH_ACCOUNT,
                            "There is no account named '" + username + "' (./run accounts list shows them).");
                }
                if (row.getBoolean("demo")) {
                    throw new CommandException(AccountsCommand.NO_SUCH_ACCOUNT, "'" + username + "' is a demo"
                            + " account; the application manages those (REPORTING_DEMO_DATA), this command does not.");
                }
            }
        }
    }

    private static CommandException alreadyExists(String username) {
        return new CommandException(AccountsCommand.ALREADY_EXISTS, "An account named '" + username
                + "' exists already.");
    }

    /** Work done in one transaction; a {@link CommandException} rolls it back like any failure. */
    private interface Work {
        void run() throws SQLException, CommandException;
    }

    private void inTransaction(Work work) throws SQLException, CommandException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | CommandException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
