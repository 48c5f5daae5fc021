package org.mvreports.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * The run command: starts the local stack, prints where to go and how to sign in, and keeps it running until
 * Ctrl-C, which stops the server and then the database cleanly.
 *
 * <p>Settings are the REPORTING_* environment variables of DESIGN.md, passed on to the server; in addition
 * {@code REPORTING_HOME} moves the folder that keeps the database and server (default {@code .mvreports} in the
 * current directory).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> environment = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("REPORTING_")) {
                environment.put(name, value);
            }
        });
        Path home = Path.of(environment.getOrDefault("REPORTING_HOME", ".mvreports"));
        Path launcherJar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StackOptions options = new StackOptions(home, launcherJar.getParent().resolve("dist"), 0, 0, environment);

        LocalStack stack;
        try {
            stack = LocalStack.claim(options);
        } catch (LocalStack.AlreadyRunningException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping MV Reports...");
            try {
                stack.close();
                System.out.println("Stopped.");
            } catch (Exception e) {
                System.err.println("While stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "mv-reports-stop"));

        System.out.println("Starting MV Reports (PostgreSQL, Payara Server, the application); this takes a minute...");
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("MV Reports could not start: " + e.getMessage());
            System.err.println("Logs: " + home.toAbsolutePath().resolve("logs") + " and "
                    + home.toAbsolutePath().resolve("server/payara6/glassfish/domains/domain1/logs/server.log"));
            System.exit(1);
            return;
        }

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
        }
        System.out.println("Database: " + stack.jdbcUrl());
        System.out.println("Server log: " + stack.serverLog());
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
