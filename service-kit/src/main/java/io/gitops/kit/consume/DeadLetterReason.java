package io.gitops.kit.consume;

import java.util.Locale;

/**
 * Why a record went to its dead-letter topic, as a bounded set (the {@code reason} label of
 * {@code gitops_consumer_dead_letters_total}); the full text travels in the record's {@code dead-letter-reason} header.
 */
public enum DeadLetterReason {
    /** Not a CloudEvent this platform can read (bad headers, bad JSON, unknown type). */
    UNDECODABLE,
    /** Decoded, but the handler refused it for good (invalid data, refused by policy). */
    PERMANENT;

    // No reason for transient failures: they are retried until they succeed or fail permanently (docs/adr/0002).

    /** The metric label value: {@code undecodable}, {@code permanent}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
