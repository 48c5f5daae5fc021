package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./run accounts ...} against the running test stack: the command is the launcher's Main in a process of its
 * own, as the run script starts it, reaching the stack's PostgreSQL through the home (REPORTING_HOME), and every
 * account it writes is checked by signing in to the real application (HTTP Basic on the REST API).
 */
class AccountsCommandIT {

    private static final Map<String, String> STACK_HOME = Map.of("REPORTING_HOME", TestStack.home().toString());

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    private static LauncherProcess.Finished accounts(String standardInput, String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = "accounts";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return LauncherProcess.run(STACK_HOME, standardInput, command);
    }

    private int status(String path, String user, String password) throws Exception {
        return api.get(path, user, password).statusCode();
    }

    @Test
    void anAccountAddedByTheCommandSignsInAndEveryChangeTakesEffect() throws Exception {
        LauncherProcess.Finished added = accounts("first-secret\n", "add", "it-ops", "--roles",
                "report-viewer,refresh-admin", "--name", "IT operations", "--password-stdin");
        assertEquals(0, added.status(), added.err());
        assertEquals("Added it-ops with the roles report-viewer, refresh-admin.\n", added.out());
        assertEquals(200, status("reports", "it-ops", "first-secret"));
        assertEquals(200, status("refresh-jobs", "it-ops", "first-secret"));

        LauncherProcess.Finished roles = accounts("", "roles", "it-ops", "report-viewer");
        assertEquals(0, roles.status(), roles.err());
        assertEquals("it-ops has the roles report-viewer now.\n", roles.out());
        assertEquals(403, status("refresh-jobs", "it-ops", "first-secret"), "refresh-admin taken away");
        assertEquals(200, status("reports", "it-ops", "first-secret"));

        LauncherProcess.Finished password = accounts("second-secret\n", "password", "it-ops", "--password-stdin");
        assertEquals(0, password.status(), password.err());
        assertEquals(401, status("reports", "it-ops", "first-secret"), "the old password no longer works");
        assertEquals(200, status("reports", "it-ops", "second-secret"));

        assertEquals(0, accounts("", "disable", "it-ops").status());
        assertEquals(401, status("reports", "it-ops", "second-secret"), "a disabled account cannot sign in");
        assertEquals(0, accounts("", "enable", "it-ops").status());
        assertEquals(200, status("reports", "it-ops", "second-secret"));
    }

    @Test
    void aPasswordTypedOnTheTerminalIsAskedTwiceAndNeverShown() throws Exception {
        assertEquals(0, accounts("initial-secret\n", "add", "it-typist", "--roles", "report-viewer",
                "--password-stdin").status());

        String typed = typePasswordTwice("it-typist", "typed-secret", "typed-secret");
        assertTrue(typed.contains("Changed the password of it-typist."), typed);
        assertFalse(typed.contains("typed-secret"), "echoed:\n" + typed);
        assertEquals(200, status("reports", "it-typist", "typed-secret"));

        String mistyped = typePasswordTwice("it-typist", "one-thing", "another");
        assertTrue(mistyped.contains("The two passwords differ; nothing was changed."), mistyped);
        assertEquals(200, status("reports", "it-typist", "typed-secret"), "unchanged");
    }

    /** {@code accounts password} on a terminal, answering its two prompts; returns what the terminal showed. */
    private static String typePasswordTwice(String user, String first, String again) throws Exception {
        try (LauncherProcess terminal = LauncherProcess.onTerminal(STACK_HOME, "accounts", "password", user)) {
            terminal.awaitOutput("New password for " + user + ": ", Duration.ofSeconds(30));
            terminal.type(first);
            terminal.awaitOutput("The same again: ", Duration.ofSeconds(10));
            terminal.type(again);
            int status = terminal.awaitExit(Duration.ofSeconds(30));
            assertEquals(first.equals(again) ? 0 : 2, status, terminal.output());
            return terminal.output();
        }
    }

    @Test
    void listShowsEveryAccountWithItsRolesAndMarksDemoAccounts() throws Exception {
        assertEquals(0, accounts("secret\n", "add", "it-auditor", "--roles", "auditor", "--password-stdin").status());
        assertEquals(0, accounts("", "disable", "it-auditor").status());

        LauncherProcess.Finished list = accounts("", "list");

        assertEquals(0, list.status(), list.err());
        List<List<String>> rows = list.out().lines().map(line -> Arrays.asList(line.trim().split("\\s+"))).toList();
        assertEquals(List.of("user", "roles", "enabled", "demo", "name"), rows.get(0));
        assertTrue(rows.contains(List.of("it-auditor", "auditor", "no", "-", "it-auditor")), list.out());
        assertTrue(rows.contains(List.of("viewer", "report-viewer", "yes", "demo", "Demo", "viewer")), list.out());
        assertTrue(rows.contains(List.of("demo", "auditor,refresh-admin,report-viewer", "yes", "demo", "Demo",
                "demo")), list.out());
    }

    @Test
    void badInputGetsItsMessageAndExitStatusAndChangesNothing() throws Exception {
        assertFailure(3, "There is no account named 'nobody' (./run accounts list shows them).",
                accounts("secret\n", "password", "nobody", "--password-stdin"));
        assertFailure(3, "'viewer' is a demo account; the application manages those (REPORTING_DEMO_DATA), this"
                + " command does not.", accounts("", "disable", "viewer"));
        assertEquals(200, status("reports", "viewer", "viewer"), "the demo account is left alone");
        assertFailure(4, "An account named 'viewer' exists already.",
                accounts("secret\n", "add", "viewer", "--roles", "auditor", "--password-stdin"));
        assertFailure(2, "Unknown role 'admin'; the roles are report-viewer, refresh-admin, auditor.",
                accounts("", "roles", "viewer", "admin"));
        assertFailure(2, "The password is empty; nothing was changed.",
                accounts("\n", "add", "it-empty", "--roles", "auditor", "--password-stdin"));
        assertFailure(2, "There is no terminal to ask for the password on; give it on standard input with"
                + " --password-stdin (never on the command line).",
                accounts("secret\n", "add", "it-no-terminal", "--roles", "auditor"));
        try (Connection db = TestStack.database();
             PreparedStatement count = db.prepareStatement(
                     "SELECT count(*) FROM app.accounts WHERE username IN ('it-empty', 'it-no-terminal')");
             ResultSet rows = count.executeQuery()) {
            rows.next();
            assertEquals(0, rows.getInt(1), "refused adds created nothing");
        }
    }

    @Test
    void aDatabaseTheApplicationNeverStartedOnSaysStartItOnceFirst() throws Exception {
        try (Connection admin = TestStack.superuser("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS accounts_never_started");
            statement.execute("CREATE DATABASE accounts_never_started");
        }
        String url = TestStack.jdbcUrlOf("accounts_never_started");
        LauncherProcess.Finished list = LauncherProcess.run(Map.of("REPORTING_DB_URL", url,
                "REPORTING_DB_USER", "postgres", "REPORTING_DB_PASSWORD", ""), "", "accounts", "list");

        assertFailure(1, "The database at " + url + " has no accounts tables yet: start MV Reports once first"
                + " (./run).", list);
    }

    private static void assertFailure(int status, String message, LauncherProcess.Finished finished) {
        assertEquals(status, finished.status(), finished.err());
        assertEquals(message + "\n", finished.err());
        assertEquals("", finished.out());
    }
}
