package org.mvreports.definition.entity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mvreports.refusal.InvalidRequestException;

/**
 * The one reader of refresh intervals, for a report's SQL file and for an administrator's change alike:
 * {@code <n> minute(s)|hour(s)|day(s)} (also {@code min}, {@code h}, {@code d}) or an ISO-8601 duration such as
 * {@code PT15M}, from {@link #SHORTEST} (the scheduler looks once a minute, so a shorter interval could not be kept)
 * to {@link #LONGEST}.
 */
public final class RefreshInterval {

    /** The interval of a report whose file states none. */
    public static final Duration DEFAULT = Duration.ofDays(1);

    public static final Duration SHORTEST = Duration.ofMinutes(1);
    public static final Duration LONGEST = Duration.ofDays(366);

    private static final Pattern SIMPLE =
            Pattern.compile("^(\\d{1,9})\\s*(minute|minutes|min|hour|hours|h|day|days|d)$", Pattern.CASE_INSENSITIVE);

    private RefreshInterval() {
    }

    /**
     * The interval {@code text} states.
     *
     * @throws InvalidRequestException saying why it is not one the scheduler can keep ({@link #problem})
     */
    public static Duration parse(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new InvalidRequestException(problem.get());
        }
        return read(text.trim());
    }

    /** Why {@code text} is not an interval the scheduler can keep; empty when it is one. */
    public static Optional<String> problem(String text) {
        Duration parsed;
        try {
            parsed = read(text.trim());
        } catch (RuntimeException e) {
            return Optional.of("'" + excerpt(text) + "' is neither '<n> minutes|hours|days' nor an ISO-8601 duration"
                    + " like PT15M");
        }
        if (parsed.compareTo(SHORTEST) < 0 || parsed.compareTo(LONGEST) > 0) {
            return Optional.of("a refresh interval must be from 1 minute to 366 days, was '" + excerpt(text) + "'");
        }
        if (parsed.getNano() != 0) {
            return Optional.of("a refresh interval is kept to the second, was '" + excerpt(text) + "'");
        }
        return Optional.empty();
    }

    private static Duration read(String text) {
        Matcher simple = SIMPLE.matcher(text);
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2).toLowerCase(Locale.ROOT).charAt(0)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        return Duration.parse(text);
    }

    private static String excerpt(String text) {
        return InvalidRequestException.excerpt(text);
    }
}
