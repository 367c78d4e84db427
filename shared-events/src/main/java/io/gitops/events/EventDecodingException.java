package io.gitops.events;

/**
 * A record that cannot be read as a platform event. It is permanent: retrying the same bytes gives the same
 * result, so consumers send the record to their dead-letter topic with {@link #getMessage()} as the reason.
 */
public class EventDecodingException extends RuntimeException {

    /** What was wrong. */
    public enum Problem {
        MISSING_ATTRIBUTE,
        UNSUPPORTED_SPEC_VERSION,
        UNKNOWN_TYPE,
        BAD_ATTRIBUTE,
        BAD_DATA
    }

    private final Problem problem;

    public EventDecodingException(Problem problem, String message) {
        this(problem, message, null);
    }

    public EventDecodingException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
