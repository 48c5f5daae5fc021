package org.mvreports.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.launcher.accounts.AccountsCommand;

/**
 * The run command.
 * <ul>
 *   <li>Without arguments it starts the local stack, prints where to go, how to sign in and how to reach the
 *       database, and keeps the stack running until Ctrl-C (or a closed terminal), which stops the server and then
 *       the database. Should the server die meanwhile, it says so, stops the database and ends with
 *       {@link #SERVER_DIED}: a launcher that went on holding the home would have a second start answer "already
 *       running" while nothing listens.</li>
 *   <li>{@code accounts ...} manages the sign-in accounts ({@link AccountsCommand}), also while the stack runs.</li>
 *   <li>{@code migrate} migrates the database as its owner role ({@link MigrateCommand}).</li>
 * </ul>
 *
 * <p>Settings are the REPORTING_* environment variables of the README, passed on to the server; in addition
 * {@code REPORTING_HOME} moves the folder that keeps the database and server (default {@code .mvreports} in the
 * current directory) and {@code REPORTING_PORT_OFFSET} moves every Payara port (default 0: HTTP on 8080), so a second
 * home can run beside the first.
 */
public final class Main {

    /** Exit status when the stack could not start. */
    static final int COULD_NOT_START = 1;
    /** Exit status for wrong usage, and when another process holds the home. */
    static final int USAGE_OR_IN_USE = 2;
    /** Exit status when the server died while the stack ran. */
    static final int SERVER_DIED = 3;

    private static final int MAX_PORT_OFFSET = 56_000; // the highest Payara port in use, 9009, stays below 65536

    /** Flyway logs each step through java.util.logging; held here, as a logger only weakly held loses its level. */
    private static final Logger FLYWAY_LOG = Logger.getLogger("org.flywaydb");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // zonky reports every step of starting PostgreSQL; its warnings and errors are what a user needs to see.
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky.test.db.postgres", "warn");
        FLYWAY_LOG.setLevel(Level.WARNING); // the run command and ./run migrate say what matters themselves
        Map<String, String> environment = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("REPORTING_")) {
                environment.put(name, value);
            }
        });
        if (args.length > 0 && args[0].equals("accounts")) {
            System.exit(AccountsCommand.run(Arrays.asList(args).subList(1, args.length), environment));
        }
        if (args.length == 1 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.run(environment, System.out, System.err));
        }
        if (args.length > 0) {
            System.err.println("Usage: ./run              starts MV Reports");
            System.err.println("       ./run accounts ... manages sign-in accounts (./run accounts help)");
            System.err.println("       ./run migrate      migrates the database as its owner role (README)");
            System.exit(USAGE_OR_IN_USE);
        }
        System.exit(runStack(environment));
    }

    private static int runStack(Map<String, String> environment) throws Exception {
        Path home = StackFiles.home(environment);
        String offset = environment.getOrDefault("REPORTING_PORT_OFFSET", "0").trim();
        if (!offset.matches("\\d{1,5}") || Integer.parseInt(offset) > MAX_PORT_OFFSET) {
            System.err.println("REPORTING_PORT_OFFSET must be a number from 0 to " + MAX_PORT_OFFSET
                    + " (it is added to every Payara port, e.g. 8080 for HTTP), not '" + offset + "'.");
            return USAGE_OR_IN_USE;
        }
        Path launcherJar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StackOptions options = new StackOptions(home, launcherJar.getParent().resolve("dist"),
                Integer.parseInt(offset), 0, environment);

        LocalStack stack;
        try {
            stack = LocalStack.claim(options);
        } catch (HomeLock.HomeInUseException e) {
            System.err.println(e.getMessage());
            return USAGE_OR_IN_USE;
        }
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            System.out.println("Stopping MV Reports...");
            try {
                stack.close();
                System.out.println("Stopped.");
            } catch (IOException e) {
                System.err.println("While stopping: " + e.getMessage());
            }
        }, "mv-reports-stop"));

        System.out.println("Starting MV Reports (PostgreSQL, Payara Server, the application); this takes a minute...");
        try {
            stack.start();
        } catch (IOException | RuntimeException e) {
            System.err.println("MV Reports could not start: " + e.getMessage());
            System.err.println("Logs: " + home.resolve("logs") + " and "
                    + home.resolve("server/payara6/glassfish/domains/domain1/logs/server.log"));
            return COULD_NOT_START;
        }
        printWelcome(stack, environment);

        ProcessHandle server = stack.serverProcess();
        server.onExit().join();
        if (stopping.get()) {
            return 0; // Ctrl-C: the stop hook stopped the server and stops the rest; the JVM ends after it
        }
        System.err.println("The application server (Payara Server, process " + server.pid()
                + ") has stopped unexpectedly; MV Reports stops too. Its log: " + stack.serverLog());
        return SERVER_DIED;
    }

    private static void printWelcome(LocalStack stack, Map<String, String> environment) {
        boolean demo = !"false".equalsIgnoreCase(environment.getOrDefault("REPORTING_DEMO_DATA", "true").trim());
        System.out.println();
        System.out.println("MV Reports is running at " + stack.applicationUrl());
        if (demo) {
            // The accounts DemoSetup (reporting-ejb) creates; the launcher does not depend on that module.
            System.out.println("Demo sign-ins (demo credentials only; REPORTING_DEMO_DATA=false disables them):");
            System.out.println("  viewer  / viewer    business user (report-viewer)");
            System.out.println("  admin   / admin     refresh administrator (refresh-admin)");
            System.out.println("  auditor / auditor   auditor (auditor)");
            System.out.println("  demo    / demo      all three roles");
        } else {
            System.out.println("Sign-ins: the site's accounts (./run accounts list; ./run accounts add <user> --roles"
                    + " <role,...> adds one).");
        }
        System.out.println("Database: " + stack.databaseAccess());
        System.out.println("Server log: " + stack.serverLog());
        System.out.println("Press Ctrl-C to stop.");
    }
}
