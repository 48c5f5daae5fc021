package org.mvreports.it;

import java.time.Duration;
import java.time.Instant;

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
     * Polls {@code probe} until its value passes {@code accepted}, and returns that value.
     *
     * @throws AssertionError naming {@code what} and the last value seen when {@code deadline} passes first
     */
    public static <T> T value(String what, Duration deadline, Probe<T> probe,
                              java.util.function.Predicate<? super T> accepted) throws Exception {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            T seen = probe.read();
            if (accepted.test(seen)) {
                return seen;
            }
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + deadline + " waiting for " + what + "; last seen: "
                        + seen);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
