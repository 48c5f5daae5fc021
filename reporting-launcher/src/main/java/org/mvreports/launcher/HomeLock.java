package org.mvreports.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The claim on a home folder: one process at a time runs things from it, be it a launcher, an accounts command that
 * starts the database for a moment, or the clean-up after a killed launcher. The claim is an operating-system lock
 * on {@code launcher.lock}, so it ends with its holder however that ends, SIGKILL included.
 *
 * <p>The file also says who holds it, one item a line: the holder's process id, what it is doing (an
 * {@link Activity}, in lower case) and a sentence for whoever finds the home in use. The run script reads it before
 * it builds anything (it finds the holder in {@code /proc/locks}, so a stale process id never counts), and a second
 * start prints the sentence.
 */
public final class HomeLock implements AutoCloseable {

    /** What the holder of a home is doing. */
    public enum Activity {
        /** a launcher is starting the stack */
        STARTING,
        /** a launcher runs the stack */
        RUNNING,
        /** a launcher is stopping the stack */
        STOPPING,
        /** an accounts command has started the database for a moment */
        ACCOUNTS,
        /** a watchdog or the next start stops what a killed launcher left running; others wait for it */
        CLEANUP
    }

    /** Thrown when another process holds the home; its message is the holder's own sentence. */
    public static final class HomeInUseException extends IOException {
        HomeInUseException(String message) {
            super(message);
        }
    }

    static final String FILE_NAME = "launcher.lock";

    /** A clean-up stops a server (30 s at most) and a database (40 s at most); this leaves room for both. */
    private static final Duration CLEANUP_WAIT = Duration.ofMinutes(2);

    private final Path home;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path home, FileChannel channel, FileLock lock) {
        this.home = home;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims a home, waiting while a clean-up holds it (a watchdog stopping what a killed launcher left running is
     * a matter of seconds, and what the caller wants to do is possible after it).
     *
     * @param progress where to say that it waits
     * @throws HomeInUseException when another process holds the home for anything else
     */
    static HomeLock claim(Path home, Activity activity, String description, PrintStream progress)
            throws IOException {
        Instant deadline = Instant.now().plus(CLEANUP_WAIT);
        boolean told = false;
        while (true) {
            Optional<HomeLock> claimed = tryClaim(home, activity, description);
            if (claimed.isPresent()) {
                return claimed.get();
            }
            List<String> holder = holderLines(home);
            // Lines: process id, activity, description; a holder that has only just claimed may not have written them.
            String holderActivity = holder.size() > 2 ? holder.get(1) : "";
            String holderDescription = holder.size() > 2 ? holder.get(2)
                    : "Another process is using " + home + " (see its " + FILE_NAME + ").";
            if (!holderActivity.equals(keyword(Activity.CLEANUP)) || Instant.now().isAfter(deadline)) {
                throw new HomeInUseException(holderDescription);
            }
            if (!told) {
                progress.println(holderDescription + " Waiting for it...");
                told = true;
            }
            pause();
        }
    }

    /** Claims a home if nobody holds it. */
    static Optional<HomeLock> tryClaim(Path home, Activity activity, String description) throws IOException {
        Files.createDirectories(home.toAbsolutePath());
        Path absoluteHome = StackFiles.realPath(home);
        FileChannel channel = FileChannel.open(absoluteHome.resolve(FILE_NAME),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        HomeLock claimed = new HomeLock(absoluteHome, channel, lock);
        claimed.describe(activity, description);
        return Optional.of(claimed);
    }

    /** The home this lock holds, as {@link StackFiles#home} names it. */
    Path home() {
        return home;
    }

    /** Says what the holder does now, for the run script and for anyone else who finds the home in use. */
    void describe(Activity activity, String description) throws IOException {
        byte[] content = (ProcessHandle.current().pid() + "\n" + keyword(activity) + "\n" + description + "\n")
                .getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(content), 0);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    private static String keyword(Activity activity) {
        return activity.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> holderLines(Path home) throws IOException {
        Path file = home.toAbsolutePath().resolve(FILE_NAME);
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the home folder", e);
        }
    }
}
