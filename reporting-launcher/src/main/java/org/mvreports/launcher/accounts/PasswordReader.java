package org.mvreports.launcher.accounts;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a new password comes from: the terminal, asked twice without echo; or, with {@code --password-stdin}, the
 * first line of standard input (for scripts: {@code printf '%s\n' "$pw" | ./run accounts password bob
 * --password-stdin}). Never the command line, where other users of the machine and the shell history would see it.
 * An empty (or blank) password is refused.
 */
final class PasswordReader {

    private final Console console;
    private final InputStream standardInput;

    /** @param console the terminal, or null when there is none (input or output redirected) */
    PasswordReader(Console console, InputStream standardInput) {
        this.console = console;
        this.standardInput = standardInput;
    }

    char[] read(String user, boolean fromStandardInput) throws CommandException {
        char[] password = fromStandardInput ? firstLineOfStandardInput() : fromTerminal(user);
        if (new String(password).isBlank()) {
            throw new CommandException(AccountsCommand.USAGE, "The password is empty; nothing was changed.");
        }
        return password;
    }

    private char[] fromTerminal(String user) throws CommandException {
        if (console == null) {
            throw new CommandException(AccountsCommand.USAGE, "There is no terminal to ask for the password on;"
                    + " give it on standard input with --password-stdin (never on the command line).");
        }
        char[] first = console.readPassword("New password for %s: ", user);
        char[] again = first == null ? null : console.readPassword("The same again: ");
        if (again == null) {
            throw new CommandException(AccountsCommand.USAGE, "No password given; nothing was changed.");
        }
        if (!Arrays.equals(first, again)) {
            throw new CommandException(AccountsCommand.USAGE, "The two passwords differ; nothing was changed.");
        }
        return first;
    }

    private char[] firstLineOfStandardInput() throws CommandException {
        try {
            String line = new BufferedReader(new InputStreamReader(standardInput, StandardCharsets.UTF_8)).readLine();
            return line == null ? new char[0] : line.toCharArray();
        } catch (IOException e) {
            throw new CommandException(AccountsCommand.USAGE, "Cannot read the password from standard input: "
                    + e.getMessage());
        }
    }
}
