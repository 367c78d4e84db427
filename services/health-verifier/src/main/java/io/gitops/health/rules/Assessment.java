package io.gitops.health.rules;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A verdict plus, when a rule is waiting for time to pass (a grace period, a stability window), when to look again
 * even if nothing changes in the cluster.
 */
public record Assessment(Verdict verdict, Optional<Instant> recheckAt) {

    public Assessment {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recheckAt, "recheckAt");
    }

    public static Assessment of(Verdict verdict) {
        return new Assessment(verdict, Optional.empty());
    }
}
