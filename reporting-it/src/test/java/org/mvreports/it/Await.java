package org.mvreports.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Waiting for asynchronous work in tests: poll a condition until it holds or a deadline passes, then fail saying what
 * was awaited and what was last seen. The one way tests wait; never a pause in the hope that something has happened.
 */
public final class Await {

    /** A condition or value read anew on every poll; may throw (a test's SQL or HTTP call). */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** Pause between two polls: short, since what is awaited usually takes milliseconds to seconds. */
    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Polls {@code condition} until it is true.
     *
     * @throws AssertionError naming {@code what} when {@code deadline} passes first
     */
    public static void until(String what, Duration deadline, Probe<Boolean> condition) throws Exception {
        value(what, deadline, condition, Boolean.TRUE::equals);
    }

    /**
     * Polls {@code condition} until it is true, taking an exception of type {@code notYet} from it as "not yet"
     * rather than as a failure: for conditions that can only be read once they hold, such as a server accepting
     * connections again, where the refused connection is the answer "not yet".
     *
     * @throws AssertionError naming {@code what} and what was last seen (an exception also as its cause) when
     *                        {@code deadline} passes first
     */
    public static void until(String what, Duration deadline, Class<? extends Exception> notYet,
                             Probe<Boolean> condition) throws Exception {
        poll(what, deadline, notYet, condition, Boolean.TRUE::equals);
    }

    /**
     * Polls {@code probe} until its value passes {@code accepted}, and returns that value.
     *
     * @throws AssertionError naming {@code what} and the last value seen when {@code deadline} passes first
     */
    public static <T> T value(String what, Duration deadline, Probe<T> probe, Predicate<? super T> accepted)
            throws Exception {
        return poll(what, deadline, null, probe, accepted);
    }

    private static <T> T poll(String what, Duration deadline, Class<? extends Exception> notYet, Probe<T> probe,
                              Predicate<? super T> accepted) throws Exception {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            T value = null;
            Exception notYetSeen = null;
            try {
                value = probe.read();
            } catch (Exception e) {
                if (notYet == null || !notYet.isInstance(e)) {
                    throw e;
                }
                notYetSeen = e;
            }
            if (notYetSeen == null && accepted.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(end)) {
                // Many lines (a process's output, say) start on a line of their own.
                String seen = String.valueOf(notYetSeen != null ? notYetSeen : value);
                throw new AssertionError("timed out after " + deadline + " waiting for " + what + "; last seen:"
                        + (seen.contains("\n") ? "\n" : " ") + seen, notYetSeen);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
