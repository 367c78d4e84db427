package io.gitops.health.metrics;

import java.time.Duration;
import java.time.Instant;

import io.gitops.health.model.RolloutRequest;

/**
 * What counts for the DORA measures. Deployment frequency, lead time and change failures count applied changes
 * only (a restore of the last healthy revision is not a change); time to restore runs from the first failed
 * verdict of an (app, env) to its next healthy verdict, whichever revision brought it back.
 */
public final class DoraMeasures {

    private final HealthMetrics metrics;

    public DoraMeasures(HealthMetrics metrics) {
        this.metrics = metrics;
    }

    /** A revision was judged healthy at {@code at}; {@code failingSince} is when the app started failing, or null. */
    public void healthy(RolloutRequest request, Instant at, Instant failingSince) {
        if (request.cause() == RolloutRequest.Cause.APPLIED) {
            metrics.deployment(request.appEnv(), request.sourceCommitTime() == null ? null
                    : Duration.between(request.sourceCommitTime(), at));
        }
        if (failingSince != null) {
            metrics.restored(request.appEnv(), Duration.between(failingSince, at));
        }
    }

    public void failed(RolloutRequest request) {
        if (request.cause() == RolloutRequest.Cause.APPLIED) {
            metrics.changeFailure(request.appEnv());
        }
    }
}
