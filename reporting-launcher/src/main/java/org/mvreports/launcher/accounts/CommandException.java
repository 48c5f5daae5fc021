package org.mvreports.launcher.accounts;

/**
 * A reason the accounts command stops without doing what it was asked: its message is for the person who ran it,
 * its exit status for scripts ({@link AccountsCommand} lists them).
 */
final class CommandException extends Exception {

    private final int exitStatus;

    CommandException(int exitStatus, String message) {
        super(message);
        this.exitStatus = exitStatus;
    }

    int exitStatus() {
        return exitStatus;
    }
}
