package io.gitops.kit.consume;

/** How a {@link RecordPipeline} finished with one record; in every case the offset may be committed. */
public sealed interface Handled permits Handled.Done, Handled.Duplicate, Handled.DeadLettered {

    /** The handler succeeded; {@code value} is what it returned (may be null). */
    record Done(Object value) implements Handled {
    }

    /** Its event id was handled successfully before: nothing was done. */
    record Duplicate(String eventId) implements Handled {
    }

    /** Sent to {@code <topic>.dlq} with this reason; the partition moves on. */
    record DeadLettered(DeadLetterReason kind, String reason) implements Handled {
    }
}
