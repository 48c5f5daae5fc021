package org.mvreports.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A stack home seen from outside, as an operator would look at it: the server's and database's process ids from
 * their own pid files, the watchdog from the process table, listening ports, the home's lock. Tests use it to assert
 * exact outcomes (this process has ended, nothing listens on that port) with deadlines instead of pauses.
 */
record HomeProcesses(Path home) {

    /** The running Payara Server, from the pid file it writes at start. */
    ProcessHandle server() throws IOException {
        Path pidFile = home.resolve("server/payara6/glassfish/domains/domain1/config/pid");
        return alive(Files.readString(pidFile).trim(), "Payara Server");
    }

    /** The running embedded PostgreSQL, from line 1 of its postmaster.pid. */
    ProcessHandle database() throws IOException {
        return alive(postmasterPid().get(0).trim(), "PostgreSQL");
    }

    /** The embedded PostgreSQL's port, line 4 of its postmaster.pid. */
    int databasePort() throws IOException {
        return Integer.parseInt(postmasterPid().get(3).trim());
    }

    boolean postmasterPidExists() {
        return Files.exists(home.resolve("postgres/postmaster.pid"));
    }

    /** The home's watchdog, if one runs. */
    Optional<ProcessHandle> watchdog() {
        return ProcessHandle.allProcesses().filter(process -> {
            String commandLine = commandLine(process.pid());
            return commandLine.contains("org.mvreports.launcher.Watchdog") && commandLine.contains(home.toString());
        }).findFirst();
    }

    /** Whether the home's lock is free, tried the way a second launcher would try it. */
    boolean lockIsFree() throws IOException {
        try (FileChannel channel = FileChannel.open(home.resolve("launcher.lock"), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    /** Waits until the process has ended; fails naming it if it has not by then. */
    static void awaitEnd(ProcessHandle process, String what, Duration timeout) throws Exception {
        Await.until(what + " (process " + process.pid() + ") to end", timeout, () -> !process.isAlive());
    }

    /** Waits until nothing accepts connections on the port. */
    static void awaitNothingListens(int port, String what, Duration timeout) throws Exception {
        Await.until("port " + port + " (" + what + ") to refuse connections", timeout, () -> {
            try (Socket ignored = new Socket("localhost", port)) {
                return false;
            } catch (ConnectException nothingListens) {
                return true;
            }
        });
    }

    static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private List<String> postmasterPid() throws IOException {
        return Files.readAllLines(home.resolve("postgres/postmaster.pid"));
    }

    private static ProcessHandle alive(String pid, String what) {
        return ProcessHandle.of(Long.parseLong(pid))
                .orElseThrow(() -> new AssertionError(what + " (process " + pid + ") does not run"));
    }
}
