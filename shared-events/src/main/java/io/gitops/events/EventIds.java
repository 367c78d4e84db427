package io.gitops.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Event ids that are stable across retries: a name-based UUID of the fact's identity. */
public final class EventIds {

    private EventIds() {
    }

    /**
     * The same parts always give the same id; different parts give different ids. E.g. {@code stable("webhook",
     * deliveryId)} or {@code stable("artifact", app, commit)}.
     */
    public static String stable(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("an event id needs at least one identity part");
        }
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            String value = part == null ? "" : part;
            // Length-prefixed so that ("ab","c") and ("a","bc") differ.
            joined.append(value.length()).append(':').append(value).append('|');
        }
        return UUID.nameUUIDFromBytes(joined.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }
}
