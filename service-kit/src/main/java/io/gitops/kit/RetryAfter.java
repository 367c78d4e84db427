package io.gitops.kit;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transient failure that knows when to try again (an HTTP {@code Retry-After}, a rate limit's reset): the consumer
 * pipeline waits at least that long before the next attempt. Exceptions implement it; {@link #of} finds it in a cause
 * chain, {@link #parse} reads the header.
 */
public interface RetryAfter {

    /** How long the server asked to wait, when it said. */
    Optional<Duration> retryAfter();

    /** The first {@code Retry-After} in {@code failure}'s cause chain. */
    static Optional<Duration> of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
            if (t instanceof RetryAfter hint) {
                Optional<Duration> after = hint.retryAfter();
                if (after.isPresent()) {
                    return after.filter(d -> !d.isNegative());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The {@code Retry-After} header of a response (any case): delay seconds or an HTTP date (RFC 9110 §10.2.3);
     * empty when absent or unreadable.
     */
    static Optional<Duration> parse(Map<String, List<String>> headers, Clock clock) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase("retry-after") && !e.getValue().isEmpty()) {
                return parse(e.getValue().get(0), clock);
            }
        }
        return Optional.empty();
    }

    /** One {@code Retry-After} value: delay seconds or an HTTP date; empty when unreadable. */
    static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
