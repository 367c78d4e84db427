package io.gitops.kit;

/**
 * How handling one input ended, classified once: success, a permanent failure (bad input: retrying gives the same
 * result, so it goes to the dead-letter topic or gets a 4xx) or a transient failure (retry with backoff, bounded).
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.PermanentFailure, Outcome.TransientFailure {

    static <T> Outcome<T> success(T value) {
        return new Success<>(value);
    }

    static <T> Outcome<T> permanent(String reason) {
        return new PermanentFailure<>(reason, null);
    }

    static <T> Outcome<T> permanent(String reason, Throwable cause) {
        return new PermanentFailure<>(reason, cause);
    }

    static <T> Outcome<T> transientFailure(String reason, Throwable cause) {
        return new TransientFailure<>(reason, cause);
    }

    /** It worked. */
    record Success<T>(T value) implements Outcome<T> {
    }

    /** It can never work with this input. */
    record PermanentFailure<T>(String reason, Throwable cause) implements Outcome<T> {
    }

    /** It may work later (a server down, a race lost). */
    record TransientFailure<T>(String reason, Throwable cause) implements Outcome<T> {
    }
}
