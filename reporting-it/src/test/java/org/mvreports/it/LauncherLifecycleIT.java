package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mvreports.launcher.StackFiles;

/**
 * The run command and its server never lose each other. Each test starts the launcher as users do, as an
 * operating-system process of its own, with its own home (under target/) and ports ({@link TestStack#PORT_OFFSET}
 * + 3000), and kills with a real SIGKILL what it kills:
 * <ul>
 *   <li>a killed launcher takes its server and database with it (its watchdog stops them);</li>
 *   <li>a launcher whose server dies says so, stops the database and ends with exit status 3;</li>
 *   <li>what a killed launcher and its killed watchdog left running is stopped by the next {@code ./run} before it
 *       builds, and that run starts cleanly, on the home's database port, with no colour codes in its log; stopped
 *       with SIGTERM it stops everything, and then the accounts command starts the database for a moment;</li>
 *   <li>while a stack runs (the shared test stack), a second {@code ./run} refuses at once with the truth and builds
 *       nothing, and {@code ./run accounts} works without building;</li>
 *   <li>{@code ./run} with an argument it does not know shows its usage, without building.</li>
 * </ul>
 *
 * <p>The run script's build step is watched by a stand-in {@code mvn} put in front of PATH: it records that it was
 * called and which of the given processes were alive at that moment, then runs the real Maven, with the script's
 * own arguments and environment, on a one-file project. (The real build of this checkout would replace the jars
 * this very test run is using.)
 */
class LauncherLifecycleIT {

    private static final int PORT_OFFSET = TestStack.PORT_OFFSET + 3_000;
    private static final int HTTP_PORT = 8080 + PORT_OFFSET;
    private static final int ADMIN_PORT = 4848 + PORT_OFFSET;
    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration STOP = Duration.ofSeconds(90);

    private static Path home;
    private static HomeProcesses stack;

    private LauncherProcess launcher;

    @BeforeAll
    static void home() throws Exception {
        // One home for the whole class, so Payara is unpacked once; every test leaves nothing of it running. Its
        // database is new for every run, so what a test adds is not there from the last one.
        home = Files.createDirectories(Path.of(TestStack.home() + "-lifecycle")).toRealPath();
        stack = new HomeProcesses(home);
        LauncherProcess.stopLeftovers(home);
        StackFiles.deleteRecursively(home.resolve("postgres"));
    }

    @AfterEach
    void stopWhatATestLeft() throws Exception {
        if (launcher != null) {
            launcher.close();
        }
        LauncherProcess.stopLeftovers(home);
    }

    @Test
    void aKilledLauncherTakesItsServerAndDatabaseWithIt() throws Exception {
        Started started = startLauncher();

        launcher.kill();

        HomeProcesses.awaitEnd(started.server(), "Payara Server", STOP);
        HomeProcesses.awaitEnd(started.database(), "PostgreSQL", STOP);
        HomeProcesses.awaitEnd(started.watchdog(), "the watchdog", STOP);
        HomeProcesses.awaitNothingListens(HTTP_PORT, "HTTP", Duration.ofSeconds(5));
        HomeProcesses.awaitNothingListens(ADMIN_PORT, "administration", Duration.ofSeconds(5));
        HomeProcesses.awaitNothingListens(started.databasePort(), "PostgreSQL", Duration.ofSeconds(5));
        assertFalse(stack.postmasterPidExists(), "PostgreSQL shut down cleanly (it removes postmaster.pid)");
        assertTrue(stack.lockIsFree());
        String watchdogLog = Files.readString(home.resolve("logs/watchdog.log"));
        assertTrue(watchdogLog.contains("launcher process " + launcher.pid() + " has ended without stopping"),
                watchdogLog);
        assertTrue(watchdogLog.contains("stopped Payara Server (process " + started.server().pid()
                + "), PostgreSQL (process " + started.database().pid() + ")"), watchdogLog);
    }

    @Test
    void whenItsServerDiesTheLauncherSaysSoStopsTheDatabaseAndEndsWithStatus3() throws Exception {
        Started started = startLauncher();

        started.server().destroyForcibly();

        assertEquals(3, launcher.awaitExit(STOP));
        assertTrue(launcher.output().contains("The application server (Payara Server, process "
                + started.server().pid() + ") has stopped unexpectedly; MV Reports stops too. Its log: "
                + home.resolve("server/payara6/glassfish/domains/domain1/logs/server.log")), launcher.output());
        assertTrue(launcher.output().contains("Stopping MV Reports...\n")
                && launcher.output().endsWith("Stopped.\n"), launcher.output());
        HomeProcesses.awaitEnd(started.database(), "PostgreSQL", Duration.ofSeconds(10));
        HomeProcesses.awaitEnd(started.watchdog(), "the watchdog", Duration.ofSeconds(10));
        HomeProcesses.awaitNothingListens(started.databasePort(), "PostgreSQL", Duration.ofSeconds(5));
        HomeProcesses.awaitNothingListens(HTTP_PORT, "HTTP", Duration.ofSeconds(5));
        assertTrue(stack.lockIsFree(), "the home is free for the next start");
    }

    @Test
    void whatAKilledLauncherAndWatchdogLeftIsStoppedByTheNextRunBeforeItBuilds() throws Exception {
        Started started = startLauncher();
        started.watchdog().destroyForcibly();
        HomeProcesses.awaitEnd(started.watchdog(), "the watchdog", Duration.ofSeconds(10));
        launcher.kill();
        launcher.close();
        assertTrue(started.server().isAlive() && started.database().isAlive(),
                "left running with nobody to stop them");

        MavenProbe maven = new MavenProbe(started.server(), started.database());
        launcher = LauncherProcess.script(home, PORT_OFFSET, maven.environment());
        launcher.awaitOutput("Press Ctrl-C to stop.", START);

        String output = launcher.output();
        assertTrue(output.startsWith("Stopped what a killed MV Reports left running from " + home + ": Payara Server"
                + " (process " + started.server().pid() + "), PostgreSQL (process " + started.database().pid()
                + ").\n"), output);
        assertEquals(List.of("mvn -B -q -DskipTests install"), maven.calls(),
                "built once, after both had ended (no 'alive' line)");
        assertFalse(output.contains("\u001b"), "no terminal colour codes in a log file:\n" + output);
        assertTrue(output.contains("Database: psql postgresql://mvreports@localhost:" + started.databasePort()
                + "/mvreports\n"), "the home's database port is kept:\n" + output);
        assertNotEquals(started.server().pid(), stack.server().pid());

        // Stopped as the system stops it at shutdown (SIGTERM), the run ends cleanly.
        ProcessHandle restartedServer = stack.server();
        ProcessHandle restartedDatabase = stack.database();
        launcher.terminate();
        assertEquals(143, launcher.awaitExit(STOP), "128 + SIGTERM, after the stop hook");
        assertTrue(launcher.output().contains("Stopping MV Reports...\n")
                && launcher.output().endsWith("Stopped.\n"), launcher.output());
        HomeProcesses.awaitEnd(restartedServer, "Payara Server", Duration.ofSeconds(10));
        HomeProcesses.awaitEnd(restartedDatabase, "PostgreSQL", Duration.ofSeconds(10));
        assertTrue(stack.watchdog().isEmpty(), "the launcher ends its watchdog when it stops cleanly");

        // With the stack stopped, the accounts command starts the home's database for a moment.
        LauncherProcess.Finished added = LauncherProcess.run(Map.of("REPORTING_HOME", home.toString()),
                "secret\n", "accounts", "add", "it-offline", "--roles", "auditor", "--password-stdin");
        assertEquals(0, added.status(), added.err());
        assertEquals("Starting the database of " + home + " for a moment...\n", added.err());
        assertEquals("Added it-offline with the roles auditor.\n", added.out());
        assertTrue(LauncherProcess.run(Map.of("REPORTING_HOME", home.toString()), "", "accounts", "list").out()
                .lines().anyMatch(line -> line.startsWith("it-offline ")));
        assertFalse(stack.postmasterPidExists(), "the database was stopped again");
        HomeProcesses.awaitNothingListens(started.databasePort(), "PostgreSQL", Duration.ofSeconds(5));
        assertTrue(stack.lockIsFree());
    }

    @Test
    void whileAStackRunsASecondRunRefusesAtOnceWithTheTruthAndAccountsWorkWithoutABuild() throws Exception {
        Map<Path, FileTime> built = builtFiles();
        MavenProbe maven = new MavenProbe();
        Instant began = Instant.now();
        try (LauncherProcess second = LauncherProcess.script(TestStack.home(), TestStack.PORT_OFFSET,
                maven.environment())) {
            assertEquals(2, second.awaitExit(Duration.ofSeconds(20)), second.output());
            assertTrue(Duration.between(began, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0,
                    "refused at once, in " + Duration.between(began, Instant.now()));
            assertEquals("MV Reports is already running from " + TestStack.home().toRealPath() + " (process "
                    + ProcessHandle.current().pid() + ") at " + TestStack.applicationUrl()
                    + "; stop it with Ctrl-C in its terminal first.\n", second.output());
        }

        try (LauncherProcess accounts = LauncherProcess.script(TestStack.home(), TestStack.PORT_OFFSET,
                maven.environment(), "accounts", "list")) {
            assertEquals(0, accounts.awaitExit(Duration.ofSeconds(60)), accounts.output());
            assertTrue(accounts.output().lines().anyMatch(line -> line.matches("viewer +report-viewer +yes +demo .*")),
                    "the accounts command works while the stack runs:\n" + accounts.output());
        }
        assertEquals(List.of(), maven.calls(), "Maven never ran");
        assertEquals(built, builtFiles(), "no jar, EAR or Payara zip was rewritten");
    }

    @Test
    void anUnknownArgumentGetsTheUsageWithoutABuild() throws Exception {
        MavenProbe maven = new MavenProbe();
        try (LauncherProcess help = LauncherProcess.script(home, PORT_OFFSET, maven.environment(), "--help")) {
            assertEquals(2, help.awaitExit(Duration.ofSeconds(20)), help.output());
            assertEquals("""
                    Usage: ./run              starts MV Reports
                           ./run accounts ... manages sign-in accounts (./run accounts help)
                           ./run migrate      migrates the database as its owner role (README, "Two database roles")
                    """, help.output());
        }
        assertEquals(List.of(), maven.calls(), "Maven never ran");
    }

    /** The processes of a launcher started from the test, once it says it runs. */
    private record Started(ProcessHandle server, ProcessHandle database, int databasePort, ProcessHandle watchdog) {
    }

    private Started startLauncher() throws Exception {
        launcher = LauncherProcess.main(home, PORT_OFFSET);
        launcher.awaitOutput("Press Ctrl-C to stop.", START);
        return new Started(stack.server(), stack.database(), stack.databasePort(),
                stack.watchdog().orElseThrow(() -> new AssertionError("no watchdog runs")));
    }

    /** Modification times of what a build writes and the running stack uses. */
    private static Map<Path, FileTime> builtFiles() throws IOException {
        Path target = TestStack.checkout().resolve("reporting-launcher/target");
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Stream.of(Files.list(target.resolve("lib")), Files.list(target.resolve("dist")),
                Stream.of(target.resolve("reporting-launcher.jar"))).flatMap(s -> s)) {
            for (Path file : files.toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }
}
