package org.mvreports.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A small process that outlives the launcher which started it, to stop the home's server and database when that
 * launcher dies without doing so itself (SIGKILL, an out-of-memory kill, a crash). Payara Server and PostgreSQL run
 * detached from the launcher, so without it they would keep running with nobody to stop them, and the home's next
 * start would find its ports and data folder taken.
 *
 * <p>It runs in a session of its own ({@code setsid}): Ctrl-C and a closed terminal reach the launcher, which then
 * stops everything itself and ends its watchdog, but never the watchdog directly. When the launcher is gone, the
 * watchdog claims the home ({@link HomeLock}); if someone else already has (a new start, which cleans up itself), it
 * leaves the home to them. It needs nothing but the JDK and this jar's own classes, so its class path is the
 * launcher's jar alone, and it writes to {@code logs/watchdog.log} in the home.
 */
public final class Watchdog {

    private Watchdog() {
    }

    /**
     * Starts the watchdog of the current process, for the given home.
     *
     * @return the watchdog; destroy it once everything it would stop has been stopped
     */
    static Process spawn(Path home) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path classes;
        try {
            classes = Path.of(Watchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the launcher's classes", e);
        }
        ProcessHandle launcher = ProcessHandle.current();
        return new ProcessBuilder("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A JVM that only waits: the least memory and start-up time the JDK allows.
                "-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", classes.toString(), Watchdog.class.getName(),
                String.valueOf(launcher.pid()), launcher.info().startInstant().orElseThrow().toString(),
                home.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("watchdog.log").toFile()))
                .start();
    }

    /** Arguments: the launcher's process id and start time, the home folder. */
    public static void main(String[] args) throws IOException {
        long launcherPid = Long.parseLong(args[0]);
        Instant launcherStart = Instant.parse(args[1]);
        Path home = Path.of(args[2]);
        // By its start time: should the launcher be gone already, its process id may name another process by now.
        Optional<ProcessHandle> launcher = ProcessHandle.of(launcherPid)
                .filter(process -> process.info().startInstant().equals(Optional.of(launcherStart)));
        log("watching launcher process " + launcherPid + " of " + home);
        launcher.ifPresent(process -> process.onExit().join());
        log("launcher process " + launcherPid + " has ended without stopping what it started");

        Optional<HomeLock> claimed = HomeLock.tryClaim(home, HomeLock.Activity.CLEANUP,
                StackProcesses.cleanupDescription(home));
        if (claimed.isEmpty()) {
            log("the home is claimed by another process, which stops what is left itself");
            return;
        }
        try (HomeLock lock = claimed.get()) {
            List<String> leftover = StackProcesses.of(home).stop();
            log(leftover.isEmpty() ? "nothing was left running" : "stopped " + String.join(", ", leftover));
        } catch (IOException e) {
            log("could not stop everything: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void log(String message) {
        System.out.println(LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }
}
