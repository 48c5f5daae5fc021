package org.mvreports.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mvreports.settings.ReportingSettings;

/**
 * Slows password guessing down: after {@link #ACCOUNT_FAILURES} failed sign-ins for one user name within
 * {@link #WINDOW}, that name must wait before it is checked again, and so must a client address after
 * {@code REPORTING_SIGN_IN_FAILURES_PER_ADDRESS} (many names tried from one place; default {@link #ADDRESS_FAILURES},
 * 0 turns it off: behind a reverse proxy every caller has the proxy's address). The wait is until the oldest counted failure leaves the
 * window, so it ends by itself; the caller is told how long (429 with Retry-After).
 *
 * <p>Names are counted whether or not such an account exists, so the answer never tells which users exist. A right
 * password does not get through while its name waits (else guessing would go on, only slower to confirm), but a
 * successful sign-in clears its name's failures. Counted per node, in memory: a restart forgets, and with several
 * nodes a guesser gets the limit once per node, which still turns millions of guesses into dozens.
 */
@ApplicationScoped
public class SignInThrottle {

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final int ACCOUNT_FAILURES = 5;
    /** The default of {@code REPORTING_SIGN_IN_FAILURES_PER_ADDRESS}. */
    static final int ADDRESS_FAILURES = 50;

    /** At most this many names and addresses are followed; the ones not seen longest are forgotten first. */
    static final int MAX_FOLLOWED = 100_000;

    private final LongSupplier nanoClock;
    private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true);

    @Inject
    ReportingSettings settings;

    /** Failures from one address that make it wait; 0: addresses are not counted. */
    private int addressFailures;

    public SignInThrottle() {
        this(System::nanoTime, ADDRESS_FAILURES);
    }

    SignInThrottle(LongSupplier nanoClock, int addressFailures) {
        this.nanoClock = nanoClock;
        this.addressFailures = addressFailures;
    }

    @PostConstruct
    void readSettings() {
        addressFailures = settings.signInFailuresPerAddress();
    }

    /** How long {@code name} from {@code address} must wait before it is checked; zero when it need not. */
    public synchronized Duration waitBefore(String name, String address) {
        long now = nanoClock.getAsLong();
        Duration forName = wait(accountKey(name), ACCOUNT_FAILURES, now);
        return addressFailures == 0 ? forName : max(forName, wait(addressKey(address), addressFailures, now));
    }

    /** A sign-in of {@code name} from {@code address} failed (wrong password, no such user). */
    public synchronized void failed(String name, String address) {
        long now = nanoClock.getAsLong();
        count(accountKey(name), now);
        if (addressFailures > 0) {
            count(addressKey(address), now);
        }
    }

    /** {@code name} signed in: its earlier failures no longer count (its address's still do). */
    public synchronized void succeeded(String name) {
        failures.remove(accountKey(name));
    }

    private Duration wait(String key, int limit, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        forgetOld(times, now);
        if (times.size() < limit) {
            return Duration.ZERO;
        }
        // The wait ends when enough of the counted failures have left the window to be under the limit again.
        long freedAt = times.stream().skip(times.size() - limit).findFirst().orElseThrow() + WINDOW.toNanos();
        return Duration.ofNanos(Math.max(0, freedAt - now));
    }

    private void count(String key, long now) {
        Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        forgetOld(times, now);
        times.addLast(now);
        if (times.size() > Math.max(ACCOUNT_FAILURES, addressFailures)) {
            times.removeFirst(); // more are never needed to decide
        }
        if (failures.size() > MAX_FOLLOWED) {
            failures.remove(failures.keySet().iterator().next());
        }
    }

    private static void forgetOld(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= WINDOW.toNanos()) {
            times.removeFirst();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String accountKey(String name) {
        return "name:" + (name == null ? "" : name.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
