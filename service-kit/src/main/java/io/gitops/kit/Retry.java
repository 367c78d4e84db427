package io.gitops.kit;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Retries transient failures with exponential backoff and jitter, up to a bound; success and permanent failures
 * return at once. The last transient failure is returned when the bound is reached, so the caller decides (usually:
 * dead-letter it with the reason, so the partition is never blocked).
 *
 * @param maxAttempts  attempts in total (at least 1)
 * @param firstBackoff backoff before the second attempt
 * @param maxBackoff   cap of one backoff
 */
public record Retry(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    public Retry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** What a sleeping retry does between attempts; tests replace it to avoid waiting. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps on the calling thread. */
        Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    public <T> Outcome<T> run(Supplier<Outcome<T>> attempt) {
        return run(attempt, Sleeper.REAL);
    }

    /** Told before each backoff: which attempt failed, why, and how long the retry waits. */
    @FunctionalInterface
    public interface Listener {
        void retrying(int failedAttempt, Outcome.TransientFailure<?> failure, Duration backoff);
    }

    public <T> Outcome<T> run(Supplier<Outcome<T>> attempt, Sleeper sleeper) {
        return run(attempt, sleeper, (n, failure, backoff) -> { });
    }

    public <T> Outcome<T> run(Supplier<Outcome<T>> attempt, Sleeper sleeper, Listener listener) {
        Outcome<T> outcome = null;
        for (int i = 1; i <= maxAttempts; i++) {
            outcome = attempt.get();
            if (!(outcome instanceof Outcome.TransientFailure<T> failure) || i == maxAttempts) {
                return outcome;
            }
            Duration backoff = backoff(i);
            listener.retrying(i, failure, backoff);
            try {
                sleeper.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
        }
        return outcome;
    }

    /** The backoff after attempt {@code attempt} (1-based): exponential, capped, with up to 20% jitter. */
    public Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() * (1L << Math.min(attempt - 1, 20));
        long capped = Math.min(base, maxBackoff.toMillis());
        long jitter = capped <= 0 ? 0 : ThreadLocalRandom.current().nextLong(capped / 5 + 1);
        return Duration.ofMillis(capped + jitter);
    }
}
