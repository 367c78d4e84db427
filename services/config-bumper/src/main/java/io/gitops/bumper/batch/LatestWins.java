package io.gitops.bumper.batch;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.gitops.bumper.targets.Target;
import io.gitops.events.data.ArtifactPublished;

/**
 * Of several bumps of one app/env, the one to keep: the build of the newest source commit (commit time), then the
 * latest published, then the latest event; arrival order only breaks exact ties (the later arrival wins).
 */
public final class LatestWins {

    private static final Comparator<Instant> NULLS_OLDEST = Comparator.nullsFirst(Comparator.naturalOrder());
    static final Comparator<Target> ORDER = Comparator
            .comparing((Target t) -> artifact(t).commitTime(), NULLS_OLDEST)
            .thenComparing(t -> artifact(t).publishedAt(), NULLS_OLDEST)
            .thenComparing(t -> t.intent().event().time(), NULLS_OLDEST);

    private LatestWins() {
    }

    /** The newest of {@code targets} (non-empty, all bumps), the later one on a tie. */
    public static Target pick(List<Target> targets) {
        Target winner = targets.get(0);
        for (Target candidate : targets.subList(1, targets.size())) {
            if (ORDER.compare(candidate, winner) >= 0) {
                winner = candidate;
            }
        }
        return winner;
    }

    public static ArtifactPublished artifact(Target target) {
        return ((Intent.Bump) target.intent()).artifact();
    }
}
