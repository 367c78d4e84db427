package io.gitops.kit.consume;

/**
 * How a {@link RecordPipeline} finished with one record: the offset may be committed after {@link Done},
 * {@link Duplicate} and {@link DeadLettered}, never after {@link Abandoned}.
 */
public sealed interface Handled permits Handled.Done, Handled.Duplicate, Handled.DeadLettered, Handled.Abandoned {

    /** The handler succeeded; {@code value} is what it returned (may be null). */
    record Done(Object value) implements Handled {
    }

    /** Its event id was handled successfully before: nothing was done. */
    record Duplicate(String eventId) implements Handled {
    }

    /** Sent to {@code <topic>.dlq} with this reason; the partition moves on. */
    record DeadLettered(DeadLetterReason kind, String reason) implements Handled {
    }

    /**
     * The service is stopping while the record was still failing transiently (a backoff was interrupted): it is
     * neither acknowledged nor dead-lettered, so the next owner of the partition gets it again.
     */
    record Abandoned(String reason) implements Handled {
    }

    /** Whether the record's offset may be committed (every outcome but {@link Abandoned}). */
    default boolean settled() {
        return !(this instanceof Abandoned);
    }
}
