package org.mvreports.launcher.accounts;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.launcher.HomeDatabase;

/**
 * {@code ./run accounts <action> ...}: what a site's administrator does with sign-in accounts.
 *
 * <pre>
 * ./run accounts list
 * ./run accounts add alice --roles report-viewer,auditor [--name "Alice Smith"] [--password-stdin]
 * ./run accounts password alice [--password-stdin]
 * ./run accounts roles alice refresh-admin,report-viewer
 * ./run accounts disable alice
 * ./run accounts enable alice
 * </pre>
 *
 * Exit statuses: {@link #DONE}, {@link #UNAVAILABLE}, {@link #USAGE}, {@link #NO_SUCH_ACCOUNT},
 * {@link #ALREADY_EXISTS}; every failure is one sentence on standard error, never a stack trace.
 */
public final class AccountsCommand {

    /** Done as asked. */
    static final int DONE = 0;
    /** The database cannot be reached, or the application has not created its tables yet. */
    static final int UNAVAILABLE = 1;
    /** Wrong usage: unknown action or option, bad user name, unknown role, empty or mismatched password. */
    static final int USAGE = 2;
    /** No account of that name, or a demo account (which the application manages). */
    static final int NO_SUCH_ACCOUNT = 3;
    /** {@code add} of a name that exists. */
    static final int ALREADY_EXISTS = 4;

    static final String HELP = """
            Usage: ./run accounts <action> ...
              list                                   every account with its roles; demo accounts marked
              add <user> --roles <role,...> [--name <display name>] [--password-stdin]
                                                     a new account, enabled
              password <user> [--password-stdin]     a new password
              roles <user> <role,...>                exactly these roles from now on
              disable <user>                         can no longer sign in
              enable <user>                          can sign in again
            Roles: report-viewer, refresh-admin, auditor.
            Passwords are asked for on the terminal (twice, not shown), or read from the first line of standard
            input with --password-stdin; never given on the command line.
            """;

    /** User names that travel safely in HTTP Basic (no colon) and in a shell line. */
    private static final String USER_NAME = "[A-Za-z0-9][A-Za-z0-9._@-]{0,63}";

    private final Map<String, String> environment;
    private final PasswordReader passwords;
    private final PrintStream out;
    private final PrintStream err;

    AccountsCommand(Map<String, String> environment, PasswordReader passwords, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.passwords = passwords;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command with the process's terminal and standard streams.
     *
     * @param arguments what follows {@code accounts} on the command line
     * @param environment the REPORTING_* settings (how to reach the database)
     * @return the exit status
     */
    public static int run(List<String> arguments, Map<String, String> environment) {
        return new AccountsCommand(environment, new PasswordReader(System.console(), System.in), System.out,
                System.err).execute(arguments);
    }

    int execute(List<String> arguments) {
        try {
            Request request = Request.parse(arguments);
            if (request.action().equals("help")) {
                out.print(HELP);
                return DONE;
            }
            try (HomeDatabase database = HomeDatabase.open(environment, err);
                 Connection connection = database.connect()) {
                perform(request, AccountStore.in(connection, "at " + database.url()));
            }
            return DONE;
        } catch (CommandException e) {
            err.println(e.getMessage());
            return e.exitStatus();
        } catch (HomeDatabase.UnavailableException e) {
            err.println(e.getMessage());
            return UNAVAILABLE;
        } catch (SQLException e) {
            err.println("The database could not do it: " + e.getMessage());
            return UNAVAILABLE;
        } catch (IOException e) {
            err.println("The database did not stop cleanly: " + e.getMessage());
            return UNAVAILABLE;
        }
    }

    private void perform(Request request, AccountStore store) throws SQLException, CommandException {
        String user = request.user();
        switch (request.action()) {
            case "list" -> printList(store.list());
            case "add" -> {
                store.requireFree(user); // before asking for a password that would be thrown away
                store.add(user, request.displayName() != null ? request.displayName() : user,
                        PasswordHash.of(passwords.read(user, request.passwordFromStandardInput())), request.roles());
                out.println("Added " + user + " with the roles " + String.join(", ", request.roles()) + ".");
            }
            case "password" -> {
                store.requireOrdinary(user);
                store.changePassword(user, PasswordHash.of(passwords.read(user, request.passwordFromStandardInput())));
                out.println("Changed the password of " + user + ".");
            }
            case "roles" -> {
                store.replaceRoles(user, request.roles());
                out.println(user + " has the roles " + String.join(", ", request.roles()) + " now.");
            }
            case "disable" -> {
                store.setEnabled(user, false);
                out.println("Disabled " + user + ": it can no longer sign in.");
            }
            case "enable" -> {
                store.setEnabled(user, true);
                out.println("Enabled " + user + ".");
            }
            default -> throw new IllegalStateException("parsed but not performed: " + request.action());
        }
    }

    private void printList(List<AccountStore.Account> accounts) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"user", "roles", "enabled", "demo", "name"});
        for (AccountStore.Account account : accounts) {
            rows.add(new String[] {account.username(), account.roles().isEmpty() ? "-" : String.join(",",
                    account.roles()), account.enabled() ? "yes" : "no", account.demo() ? "demo" : "-",
                    account.displayName()});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        for (String[] row : rows) {
            out.printf("%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %-" + widths[3] + "s  %s%n",
                    (Object[]) row);
        }
    }

    /**
     * One command line, checked before anything else happens, so that a typing error changes nothing.
     *
     * @param user  the account, for every action but list and help
     * @param roles for add and roles: known roles, at least one
     */
    record Request(String action, String user, Set<String> roles, String displayName,
                   boolean passwordFromStandardInput) {

        static Request parse(List<String> arguments) throws CommandException {
            if (arguments.isEmpty()) {
                throw usage("Name an action.");
            }
            String action = arguments.get(0);
            if (List.of("help", "--help", "-h").contains(action)) {
                return new Request("help", null, Set.of(), null, false);
            }
            List<String> positional = new ArrayList<>();
            String roles = null;
            String name = null;
            boolean fromStandardInput = false;
            for (int i = 1; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                switch (argument) {
                    case "--roles" -> roles = valueOf(arguments, ++i, argument);
                    case "--name" -> name = valueOf(arguments, ++i, argument);
                    case "--password-stdin" -> fromStandardInput = true;
                    default -> {
                        if (argument.startsWith("-")) {
                            throw usage("Unknown option " + argument + ".");
                        }
                        positional.add(argument);
                    }
                }
            }
            int expectedPositional = switch (action) {
                case "list" -> 0;
                case "add", "password", "disable", "enable" -> 1; // the user
                case "roles" -> 2; // the user and the roles
                default -> throw usage("Unknown action '" + action + "'.");
            };
            boolean optionsFit = switch (action) {
                case "add" -> roles != null;
                case "password" -> roles == null && name == null;
                default -> roles == null && name == null && !fromStandardInput;
            };
            if (positional.size() != expectedPositional || !optionsFit) {
                throw usage("Wrong arguments for " + action + ".");
            }
            if (action.equals("roles")) {
                roles = positional.get(1);
            }
            return new Request(action, positional.isEmpty() ? null : requireUserName(positional.get(0)),
                    roles == null ? Set.of() : parseRoles(roles), name, fromStandardInput);
        }

        private static String valueOf(List<String> arguments, int index, String option) throws CommandException {
            if (index >= arguments.size()) {
                throw usage(option + " needs a value.");
            }
            return arguments.get(index);
        }

        private static String requireUserName(String user) throws CommandException {
            if (!user.matches(USER_NAME)) {
                throw new CommandException(USAGE, "'" + user + "' cannot be a user name: use 1 to 64 letters,"
                        + " digits and . _ @ - (starting with a letter or digit).");
            }
            return user;
        }

        private static Set<String> parseRoles(String list) throws CommandException {
            Set<String> roles = new LinkedHashSet<>();
            for (String role : list.split(",")) {
                String trimmed = role.trim();
                if (!trimmed.isEmpty() && !AccountStore.ROLES.contains(trimmed)) {
                    throw new CommandException(USAGE, "Unknown role '" + trimmed + "'; the roles are "
                            + String.join(", ", AccountStore.ROLES) + ".");
                }
                if (!trimmed.isEmpty()) {
                    roles.add(trimmed);
                }
            }
            if (roles.isEmpty()) {
                throw new CommandException(USAGE, "Name at least one role (" + String.join(", ", AccountStore.ROLES)
                        + "); to keep an account from signing in, disable it.");
            }
            return roles;
        }

        private static CommandException usage(String problem) {
            return new CommandException(USAGE, problem + "\n" + HELP);
        }
    }
}
