package org.mvreports.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SignInThrottle throttle = new SignInThrottle(now::get, SignInThrottle.ADDRESS_FAILURES);

    @Test
    void aNameWaitsAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Alice", "10.0.0.1");
            advance(Duration.ofSeconds(10));
        }
        assertEquals(Duration.ZERO, throttle.waitBefore("alice", "10.0.0.1"), "four failures: not yet");
        throttle.failed("alice", "10.0.0.2");
        // The first failure was 40 s ago: it leaves the five-minute window in 260 s.
        assertEquals(Duration.ofSeconds(260), throttle.waitBefore("ALICE", "10.0.0.9"),
                "the name waits, from any address, whatever its case");
        assertEquals(Duration.ZERO, throttle.waitBefore("bob", "10.0.0.1"), "other names do not");
        advance(Duration.ofSeconds(260));
        assertEquals(Duration.ZERO, throttle.waitBefore("alice", "10.0.0.1"), "the wait ends by itself");
    }

    @Test
    void aSuccessClearsItsNamesFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        throttle.succeeded("alice");
        throttle.failed("alice", "10.0.0.1");
        assertEquals(Duration.ZERO, throttle.waitBefore("alice", "10.0.0.1"));
    }

    @Test
    void anAddressTryingManyNamesWaitsToo() {
        for (int i = 0; i < SignInThrottle.ADDRESS_FAILURES; i++) {
            throttle.failed("user" + i, "10.0.0.66");
        }
        assertEquals(SignInThrottle.WINDOW, throttle.waitBefore("someone-new", "10.0.0.66"));
        assertEquals(Duration.ZERO, throttle.waitBefore("someone-new", "10.0.0.67"));
    }

    @Test
    void addressesAreNotCountedWhenTheSettingSaysSo() {
        SignInThrottle namesOnly = new SignInThrottle(now::get, 0);
        for (int i = 0; i < 500; i++) {
            namesOnly.failed("user" + i, "10.0.0.66");
        }
        assertEquals(Duration.ZERO, namesOnly.waitBefore("someone-new", "10.0.0.66"));
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
