package io.gitops.health.verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Verdict;

/**
 * The {@code gitops.rollout.v1} events of a watched revision. Ids derive from the event that asked for the watch, so
 * a retry or a taken-over watch publishes the same ids, while a revision rolled out again (e.g. restored after a
 * failure) gets new ones.
 */
public final class RolloutEvents {

    public static final String SOURCE = "health-verifier";

    private RolloutEvents() {
    }

    public static Event<RolloutProgressing> progressing(RolloutRequest r, List<String> workloads, Instant startedAt) {
        return build(new RolloutProgressing(r.appEnv().app(), r.appEnv().env(), r.namespace(), r.revision(),
                r.images(), workloads, startedAt), r, "progressing", startedAt);
    }

    public static Event<RolloutHealthy> healthy(RolloutRequest r, Instant at) {
        Long leadTime = r.sourceCommitTime() == null ? null
                : Math.max(0, Duration.between(r.sourceCommitTime(), at).toMillis());
        return build(new RolloutHealthy(r.appEnv().app(), r.appEnv().env(), r.namespace(), r.revision(), r.images(),
                r.appImageTag(), r.sourceCommit(), rolloutMs(r, at), leadTime, at), r, "healthy", at);
    }

    /**
     * The failed verdict. A restored revision that failed (the request's cause is {@code RESTORED}) is
     * {@code RESTORE_FAILED}, its message naming the failure underneath: the bumper does not quarantine its tag,
     * the sync engine has nothing healthier to re-apply, it stays halted.
     */
    public static Event<RolloutFailed> failed(RolloutRequest r, Verdict.Failed verdict, boolean halted,
                                              RolloutLedger.LastHealthy lastHealthy, Instant at) {
        boolean restore = r.cause() == RolloutRequest.Cause.RESTORED;
        RolloutFailureReason reason = restore ? RolloutFailureReason.RESTORE_FAILED : verdict.reason();
        String message = restore ? "restore of the last healthy revision " + r.shortRevision() + " failed ("
                + verdict.reason() + "): " + verdict.message() : verdict.message();
        return build(new RolloutFailed(r.appEnv().app(), r.appEnv().env(), r.namespace(), r.revision(), r.images(),
                r.appImageTag(), reason, message, verdict.workload(), halted,
                lastHealthy == null ? null : lastHealthy.revision(), lastHealthy == null ? null : lastHealthy.tag(),
                rolloutMs(r, at), at), r, "failed", at);
    }

    private static long rolloutMs(RolloutRequest r, Instant at) {
        return Math.max(0, Duration.between(r.requestedAt(), at).toMillis());
    }

    private static <T extends io.gitops.events.data.EventData> Event<T> build(T data, RolloutRequest r, String what,
                                                                                 Instant at) {
        return Event.of(data).idFrom("rollout." + what, r.causeEventId()).source(SOURCE).time(at)
                .correlationId(r.correlationId()).causationId(r.causeEventId()).build();
    }
}
