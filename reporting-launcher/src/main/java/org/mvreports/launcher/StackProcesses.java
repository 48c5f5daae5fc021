package org.mvreports.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operating-system processes of one home's stack, found from the home folder alone: Payara Server and any
 * asadmin client by a command line that names the home's installation, the embedded PostgreSQL by the
 * {@code postmaster.pid} in its data folder. Both outlive a killed launcher (asadmin and pg_ctl start them detached),
 * so whoever comes after it (its {@link Watchdog}, or the next start) uses this class to stop them.
 *
 * <p>Only processes that provably belong to the home are touched: process ids are reused, so a pid file alone is
 * never enough; the process's own command line must name this home's installation or data folder.
 */
final class StackProcesses {

    /** The home's embedded PostgreSQL while it runs, and the port it listens on. */
    record Database(ProcessHandle process, int port) {
    }

    private final Path home;
    /** Payara Server, and asadmin clients while they run a command. */
    private final List<ProcessHandle> server;
    private final Optional<Database> database;

    private StackProcesses(Path home, List<ProcessHandle> server, Optional<Database> database) {
        this.home = home;
        this.server = server;
        this.database = database;
    }

    /** What runs of the home's stack right now. */
    static StackProcesses of(Path home) {
        Path absoluteHome = home.toAbsolutePath().normalize();
        String installation = PayaraServer.installation(absoluteHome).toString();
        List<ProcessHandle> server = ProcessHandle.allProcesses()
                .filter(process -> process.pid() != ProcessHandle.current().pid())
                .filter(process -> namesPath(arguments(process.pid()), installation))
                .toList();
        return new StackProcesses(absoluteHome, server, runningDatabase(EmbeddedDatabase.dataDirectory(absoluteHome)));
    }

    /** The home's PostgreSQL, while it runs. */
    Optional<Database> database() {
        return database;
    }

    /** How a process that holds the home for {@link HomeLock.Activity#CLEANUP} describes itself. */
    static String cleanupDescription(Path home) {
        return "Process " + ProcessHandle.current().pid() + " is stopping what a killed MV Reports left running from "
                + home.toAbsolutePath().normalize() + ".";
    }

    /**
     * Stops what a launcher that is gone left running, and says so on {@code report}. The caller holds the home
     * ({@link HomeLock}), so nothing of it starts meanwhile.
     *
     * @throws IOException when a process does not stop; it names the process
     */
    static void stopLeftovers(Path home, PrintStream report) throws IOException {
        List<String> stopped = of(home).stop();
        if (!stopped.isEmpty()) {
            report.println("Stopped what a killed MV Reports left running from "
                    + home.toAbsolutePath().normalize() + ": " + String.join(", ", stopped) + ".");
        }
    }

    /**
     * Stops the server, then the database: the server politely (SIGTERM runs its shutdown) and forcibly after
     * 30 seconds; PostgreSQL with a fast shutdown (SIGINT: sessions are ended, nothing is lost), and with an
     * immediate one (SIGQUIT, recovered at its next start) after 30 seconds. Never SIGKILL for PostgreSQL: its
     * server processes would stay behind holding the shared memory, and the next start would fail.
     *
     * @return what was stopped, e.g. "Payara Server (process 123)"; empty when nothing ran
     */
    List<String> stop() throws IOException {
        List<String> stopped = new ArrayList<>();
        server.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : server) {
            if (!awaitExit(process, 30)) {
                process.destroyForcibly();
                if (!awaitExit(process, 10)) {
                    throw new IOException("Payara Server process " + process.pid() + " of " + home
                            + " does not stop");
                }
            }
            stopped.add((isAsadmin(process) ? "asadmin" : "Payara Server") + " (process " + process.pid() + ")");
        }
        if (database.isPresent()) {
            ProcessHandle postmaster = database.get().process();
            signal(postmaster, "INT");
            if (!awaitExit(postmaster, 30)) {
                signal(postmaster, "QUIT");
                if (!awaitExit(postmaster, 10)) {
                    throw new IOException("PostgreSQL process " + postmaster.pid() + " of " + home
                            + " does not stop");
                }
            }
            stopped.add("PostgreSQL (process " + postmaster.pid() + ")");
        }
        return stopped;
    }

    /**
     * The postmaster named by the data folder's {@code postmaster.pid} (line 1: process id, line 4: port), if it
     * runs and is PostgreSQL on this very folder. A file left by a PostgreSQL that was killed is deleted: its
     * process id may belong to another program by now, and PostgreSQL would refuse to start while that one runs.
     */
    private static Optional<Database> runningDatabase(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.size() < 4 || !lines.get(0).trim().matches("\\d+") || !lines.get(3).trim().matches("\\d+")) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
                    .filter(process -> arguments(pid).contains(dataDirectory.toString()));
            if (postmaster.isEmpty()) {
                Files.deleteIfExists(pidFile);
                return Optional.empty();
            }
            return Optional.of(new Database(postmaster.get(), Integer.parseInt(lines.get(3).trim())));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * Whether a command line names {@code path} or something inside it, as a whole argument or as one element of
     * an argument like {@code -Dsome.root=/path/...} or a class path; a folder whose name merely ends the same
     * ({@code /other/path}) does not count.
     */
    static boolean namesPath(List<String> arguments, String path) {
        String inside = path + "/";
        return arguments.stream()
                .flatMap(argument -> Arrays.stream(argument.split("[=:]")))
                .anyMatch(element -> element.equals(path) || element.startsWith(inside));
    }

    /** A process's command line, read from {@code /proc} (complete, unlike what some tools show); empty if gone. */
    private static List<String> arguments(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException | SecurityException gone) {
            return List.of();
        }
    }

    private static boolean isAsadmin(ProcessHandle process) {
        return arguments(process.pid()).stream().anyMatch(argument -> argument.endsWith("appserver-cli.jar"));
    }

    private static void signal(ProcessHandle process, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping process " + process.pid(), e);
        }
    }

    /** Waits until the process has ended (polling, for processes that are not our children), at most so long. */
    static boolean awaitExit(ProcessHandle process, int seconds) throws IOException {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for process " + process.pid(), e);
        }
    }
}
