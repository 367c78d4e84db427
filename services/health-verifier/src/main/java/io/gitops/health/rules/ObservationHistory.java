package io.gitops.health.rules;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What earlier observations of containers showed, for the rules that need more than one look: since when a rule's
 * condition has held ({@code forAtLeast}) and how many consecutive observations showed it
 * ({@code observationsAtLeast}). Keyed by rule, pod and container. Not thread-safe: one watch owns one history.
 */
public final class ObservationHistory {

    /** Since when, and for how many consecutive observations, a condition held. */
    public record Streak(Instant since, int observations) {
    }

    private record Key(String rule, String pod, String container) {
    }

    private final Map<Key, Streak> streaks = new HashMap<>();

    /** Records one observation where the rule's condition held. */
    public void held(String rule, String pod, String container, Instant at) {
        streaks.merge(new Key(rule, pod, container), new Streak(at, 1),
                (old, fresh) -> new Streak(old.since(), old.observations() + 1));
    }

    /** Records one observation where the condition did not hold: the streak is broken. */
    public void broken(String rule, String pod, String container) {
        streaks.remove(new Key(rule, pod, container));
    }

    /** Sets a streak outright (fixtures describe earlier observations this way). */
    public void put(String rule, String pod, String container, Streak streak) {
        streaks.put(new Key(rule, pod, container), streak);
    }

    public Optional<Streak> streak(String rule, String pod, String container) {
        return Optional.ofNullable(streaks.get(new Key(rule, pod, container)));
    }

    /** Forgets a pod (deleted). */
    public void forgetPod(String pod) {
        streaks.keySet().removeIf(k -> k.pod().equals(pod));
    }

    public int size() {
        return streaks.size();
    }
}
