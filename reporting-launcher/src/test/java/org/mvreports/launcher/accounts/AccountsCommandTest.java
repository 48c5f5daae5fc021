package org.mvreports.launcher.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command answers before it needs a database: usage, roles, user names, passwords, a home never started. */
class AccountsCommandTest {

    @TempDir
    Path neverStarted;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String standardInput, String... arguments) {
        PasswordReader passwords = new PasswordReader(null,
                new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8)));
        return new AccountsCommand(Map.of("REPORTING_HOME", neverStarted.resolve("home").toString()), passwords,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(List.of(arguments));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryAction() {
        assertEquals(AccountsCommand.DONE, run("", "help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String action : List.of("list", "add", "password", "roles", "disable", "enable", "--password-stdin")) {
            assertTrue(help.contains(action), action + " in " + help);
        }
    }

    @Test
    void wrongUsageIsRefusedWithTheUsage() {
        assertEquals(AccountsCommand.USAGE, run(""));
        assertTrue(errors().startsWith("Name an action.\nUsage: ./run accounts"), errors());

        err.reset();
        assertEquals(AccountsCommand.USAGE, run("", "remove", "bob"));
        assertTrue(errors().startsWith("Unknown action 'remove'."), errors());

        err.reset();
        assertEquals(AccountsCommand.USAGE, run("", "add", "bob", "--roles"));
        assertTrue(errors().startsWith("--roles needs a value."), errors());

        err.reset();
        assertEquals(AccountsCommand.USAGE, run("", "add", "bob", "--role", "auditor"));
        assertTrue(errors().startsWith("Unknown option --role."), errors());

        err.reset();
        assertEquals(AccountsCommand.USAGE, run("", "add", "bob"));
        assertTrue(errors().startsWith("Wrong arguments for add."), "add needs --roles: " + errors());
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() {
        assertEquals(AccountsCommand.USAGE, run("", "password", "bob", "s3cret"));
        assertTrue(errors().startsWith("Wrong arguments for password."), errors());
    }

    @Test
    void rolesMustBeKnownAndAtLeastOne() {
        assertEquals(AccountsCommand.USAGE, run("", "roles", "bob", "report-viewer,admin"));
        assertEquals("Unknown role 'admin'; the roles are report-viewer, refresh-admin, auditor.\n", errors());

        err.reset();
        assertEquals(AccountsCommand.USAGE, run("", "add", "bob", "--roles", " , "));
        assertTrue(errors().startsWith("Name at least one role"), errors());
    }

    @Test
    void userNamesThatBasicAuthenticationCannotCarryAreRefused() {
        assertEquals(AccountsCommand.USAGE, run("", "disable", "bob:admin"));
        assertTrue(errors().startsWith("'bob:admin' cannot be a user name"), errors());
    }

    @Test
    void aHomeNeverStartedSaysSoAndIsLeftAlone() {
        assertEquals(AccountsCommand.UNAVAILABLE, run("", "list"));
        assertEquals("There is no database in " + neverStarted.resolve("home") + " yet: start MV Reports once first"
                + " (./run), or name your own with REPORTING_DB_URL.\n", errors());
        assertFalse(Files.exists(neverStarted.resolve("home")), "nothing created");
    }

    @Test
    void passwordsComeFromTheFirstLineOfStandardInputAndMustNotBeEmpty() throws Exception {
        PasswordReader piped = new PasswordReader(null,
                new ByteArrayInputStream("pässwörd\r\nignored\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals("pässwörd".toCharArray(), piped.read("bob", true));

        CommandException empty = assertThrows(CommandException.class,
                () -> new PasswordReader(null, new ByteArrayInputStream("\n".getBytes())).read("bob", true));
        assertEquals(AccountsCommand.USAGE, empty.exitStatus());
        assertEquals("The password is empty; nothing was changed.", empty.getMessage());

        CommandException noTerminal = assertThrows(CommandException.class,
                () -> new PasswordReader(null, new ByteArrayInputStream(new byte[0])).read("bob", false));
        assertTrue(noTerminal.getMessage().startsWith("There is no terminal to ask for the password on;"),
                noTerminal.getMessage());
    }
}
