package org.mvreports.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * The application's writes to {@code app.accounts} and {@code app.account_roles} (sign-in reads them through
 * Jakarta Security's identity store; the run command's {@code accounts} command manages them from outside). Passwords
 * are stored only as PBKDF2 hashes in Jakarta Security's format.
 */
@ApplicationScoped
public class Accounts {

    /**
     * How sign-in reads an account's password hash: the query the identity store runs (Jakarta Security's database
     * identity store takes its queries as annotation values, so they are published here, with the table's other SQL).
     * Disabled accounts have none.
     */
    public static final String SIGN_IN_PASSWORD_QUERY =
            "SELECT password_hash FROM app.accounts WHERE username = ? AND enabled";

    /** How sign-in reads an account's roles (see {@link #SIGN_IN_PASSWORD_QUERY}). */
    public static final String SIGN_IN_ROLES_QUERY = "SELECT role FROM app.account_roles WHERE username = ?";

    @Inject
    Pbkdf2PasswordHash passwordHash;

    /** An account's kind, when it exists. */
    public enum Kind { ORDINARY, DEMO }

    /** Whether {@code user} exists and of which kind, locking its row; null when there is none. */
    public static Kind kindOf(Connection connection, String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT demo FROM app.accounts WHERE username = ? FOR UPDATE")) {
            query.setString(1, user);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return rs.getBoolean(1) ? Kind.DEMO : Kind.ORDINARY;
            }
        }
    }

    /**
     * Whether {@code user} is a database account, enabled or not: such a name always signs in against the database,
     * never against the company directory, so a directory entry of the same name cannot take an account over.
     */
    public static boolean exists(Connection connection, String user) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM app.accounts WHERE lower(username) = lower(?)")) {
            query.setString(1, user);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Creates an ordinary, enabled account with these roles, or turns the demo account of that name into one (new
     * password, enabled); roles are added to those it has.
     */
    public void createOrTakeOverDemo(Connection connection, String user, String displayName, char[] password,
                                     Collection<String> roles) throws SQLException {
        try (PreparedStatement account = connection.prepareStatement("""
                INSERT INTO app.accounts (username, password_hash, display_name, demo)
                VALUES (?, ?, ?, false)
                ON CONFLICT (username) DO UPDATE
                SET password_hash = excluded.password_hash, display_name = excluded.display_name, demo = false,
                    enabled = true
                WHERE app.accounts.demo""")) {
            account.setString(1, user);
            account.setString(2, passwordHash.generate(password));
            account.setString(3, displayName);
            account.executeUpdate();
        }
        addRoles(connection, user, roles, false);
    }

    /**
     * Creates a demo account (its password is its name, documented as demo only), or enables it again; never takes
     * over an ordinary account that happens to share the name.
     */
    public void enableDemo(Connection connection, String user, Collection<String> roles) throws SQLException {
        try (PreparedStatement account = connection.prepareStatement("""
                INSERT INTO app.accounts (username, password_hash, display_name, demo)
                VALUES (?, ?, ?, true)
                ON CONFLICT (username) DO UPDATE SET enabled = true
                WHERE app.accounts.demo""")) {
            account.setString(1, user);
            account.setString(2, passwordHash.generate(user.toCharArray()));
            account.setString(3, "Demo " + user);
            account.executeUpdate();
        }
        addRoles(connection, user, roles, true);
    }

    /** Disables every demo account, so that no known password works; returns how many were enabled. */
    public static int disableDemoAccounts(Connection connection) throws SQLException {
        try (PreparedStatement disable = connection.prepareStatement(
                "UPDATE app.accounts SET enabled = false WHERE demo AND enabled")) {
            return disable.executeUpdate();
        }
    }

    private static void addRoles(Connection connection, String user, Collection<String> roles, boolean demo)
            throws SQLException {
        try (PreparedStatement role = connection.prepareStatement("""
                INSERT INTO app.account_roles (username, role)
                SELECT ?, ?
                WHERE EXISTS (SELECT 1 FROM app.accounts WHERE username = ? AND demo = ?)
                ON CONFLICT DO NOTHING""")) {
            for (String r : roles) {
                role.setString(1, user);
                role.setString(2, r);
                role.setString(3, user);
                role.setBoolean(4, demo);
                role.addBatch();
            }
            role.executeBatch();
        }
    }
}
