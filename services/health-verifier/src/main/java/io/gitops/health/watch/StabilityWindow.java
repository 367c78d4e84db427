package io.gitops.health.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long the converged state has held without a break: healthy counts only after {@code minStable} of it, and
 * anything else in between starts the window over.
 */
public final class StabilityWindow {

    private final Duration minStable;
    private Instant since;

    public StabilityWindow(Duration minStable) {
        this.minStable = minStable;
    }

    /** The rollout was seen converged at {@code at}. */
    public void converged(Instant at) {
        if (since == null) {
            since = at;
        }
    }

    /** The rollout was seen not converged: the window starts over. */
    public void broken() {
        since = null;
    }

    /** Whether the converged state has held for {@code minStable} at {@code at}. */
    public boolean stable(Instant at) {
        return since != null && !at.isBefore(since.plus(minStable));
    }

    /** When the current window will be long enough, if one is open. */
    public Optional<Instant> endsAt() {
        return Optional.ofNullable(since).map(s -> s.plus(minStable));
    }

    public Duration minStable() {
        return minStable;
    }
}
