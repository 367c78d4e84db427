package io.gitops.sync.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.apply.ApplyException;
import io.gitops.sync.cluster.ApiException;
import io.gitops.sync.cluster.Forbidden;
import io.gitops.sync.cluster.UnknownKindException;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.RevisionRecord;
import io.gitops.sync.manifest.ObjectKey;
import org.jboss.logging.Logger;

/**
 * Handles a failed-rollout verdict: marks the failed manifests as rejected (not applied again until Git renders
 * something else), re-applies the recorded objects of the last healthy revision at once, without rendering, with
 * every Deployment unpaused ({@code spec.paused: false}, undoing the health verifier's halt), records the re-applied
 * revision as running and publishes {@code RolledBack} with the reaction time.
 */
final class Rollbacks {

    private static final Logger LOG = Logger.getLogger(Rollbacks.class);

    private final EngineParts parts;

    Rollbacks(EngineParts parts) {
        this.parts = parts;
    }

    RollbackOutcome rollback(AppState state, Event<RolloutFailed> event, long receivedNanos) {
        RolloutFailed verdict = event.data();
        AppTarget t = state.target;
        AppHistory history = parts.history(state);
        Optional<RevisionRecord> running = history.current();
        Optional<RevisionRecord> healthy = verdict.lastHealthyRevision() == null ? Optional.empty()
                : history.find(verdict.lastHealthyRevision());
        String failedDigest = history.find(verdict.revision()).map(RevisionRecord::digest).orElse(null);
        if (running.isPresent() && !running.get().revision().equals(verdict.revision())
                && !running.get().digest().equals(failedDigest)) {
            if (healthy.isPresent() && running.get().digest().equals(healthy.get().digest())
                    && running.get().trigger() == SyncTrigger.ROLLBACK) {
                // a redelivered verdict: the rollback already ran; publish the same fact again (same id)
                return publish(t, event, verdict, running.get(), running.get().objects().size(), receivedNanos);
            }
            LOG.infof("verdict on %s for %s ignored: %s runs now", t.key(), AppSyncer.shortSha(verdict.revision()),
                    AppSyncer.shortSha(running.get().revision()));
            parts.metrics().rollback("stale", -1);
            return new RollbackOutcome.Stale(t.app(), t.env(), verdict.revision(), running.get().revision());
        }
        if (failedDigest != null) {
            history = history.rejecting(failedDigest);
        }
        state.syncedInputKey = null;
        state.failedInputKey = null;
        Optional<RevisionRecord> target = healthy.filter(h -> !h.digest().equals(failedDigest));
        if (target.isEmpty()) {
            saveQuietly(state, history);
            String error = "rollout of " + verdict.revision() + " failed (" + verdict.reason()
                    + ") and no healthy revision is recorded: nothing re-applied, the failed revision stays halted";
            parts.events().failed(t, verdict.revision(), SyncFailureReason.REJECTED_REVISION, error,
                    SyncTrigger.ROLLBACK, event, event.correlationId());
            parts.metrics().rollback("no_healthy_revision", -1);
            return new RollbackOutcome.NoHealthyRevision(t.app(), t.env(), verdict.revision());
        }
        RevisionRecord back = target.get();
        List<ObjectNode> objects = unpaused(back.objects());
        int applied;
        try {
            applied = parts.applier().apply(objects, t.namespace());
            if (t.policy().prune() && running.isPresent()) {
                Set<ObjectKey> wanted = new HashSet<>();
                back.objects().forEach(o -> wanted.add(ObjectKey.of(o)));
                List<ObjectKey> candidates = new ArrayList<>();
                running.get().objects().forEach(o -> candidates.add(ObjectKey.of(o)));
                parts.metrics().pruned(parts.pruner().prune(candidates, wanted, t.namespace()).size());
            }
        } catch (ApplyException | ApiException | UnknownKindException e) {
            saveQuietly(state, history);
            parts.events().failed(t, back.revision(), Forbidden.is(e)
                            ? SyncFailureReason.FORBIDDEN : SyncFailureReason.APPLY_FAILED,
                    "rollback to " + back.revision() + " failed: " + e.getMessage(), SyncTrigger.ROLLBACK, event,
                    back.sourceCommit());
            parts.metrics().rollback("failed", System.nanoTime() - receivedNanos);
            return new RollbackOutcome.Failed(t.app(), t.env(), verdict.revision(), e.getMessage());
        }
        parts.metrics().applied(applied);
        RevisionRecord reapplied = back.reapplied(SyncTrigger.ROLLBACK, parts.events().now());
        AppHistory next = history.with(reapplied, parts.settings().historyLimit());
        state.reportedDrift.clear();
        saveQuietly(state, next);
        state.syncedInputKey = null;
        return publish(t, event, verdict, reapplied, applied, receivedNanos);
    }

    private RollbackOutcome publish(AppTarget t, Event<RolloutFailed> event, RolloutFailed verdict,
                                    RevisionRecord back, int applied, long receivedNanos) {
        long reactionNanos = System.nanoTime() - receivedNanos;
        long reactionMs = reactionNanos / 1_000_000;
        parts.events().rolledBack(t, verdict.revision(), back.revision(), back.digest(), back.images(), applied,
                verdict.reason() == null ? "UNKNOWN" : verdict.reason().name(), reactionMs, event,
                back.sourceCommit());
        parts.metrics().rollback("rolled_back", reactionNanos);
        LOG.infof("rolled %s back from %s to %s in %d ms", t.key(), AppSyncer.shortSha(verdict.revision()),
                AppSyncer.shortSha(back.revision()), reactionMs);
        return new RollbackOutcome.RolledBack(t.app(), t.env(), verdict.revision(), back.revision(), applied,
                reactionMs);
    }

    /**
     * The objects with the health verifier's halt undone: every Deployment {@code spec.paused: false}; every
     * rolling-update StatefulSet whose chart sets no partition {@code spec.updateStrategy.rollingUpdate.partition: 0}
     * (the verifier halts a StatefulSet by raising its partition).
     */
    static List<ObjectNode> unpaused(List<ObjectNode> objects) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode object : objects) {
            ObjectNode copy = object.deepCopy();
            String kind = copy.path("kind").asText();
            if (kind.equals("Deployment")) {
                copy.withObjectProperty("spec").put("paused", false);
            } else if (kind.equals("StatefulSet")) {
                ObjectNode strategy = copy.withObjectProperty("spec").withObjectProperty("updateStrategy");
                if (strategy.path("type").asText("RollingUpdate").equals("RollingUpdate")
                        && !strategy.path("rollingUpdate").has("partition")) {
                    strategy.withObjectProperty("rollingUpdate").put("partition", 0);
                }
            }
            out.add(copy);
        }
        return out;
    }

    private void saveQuietly(AppState state, AppHistory history) {
        try {
            parts.record(state, history);
        } catch (RuntimeException e) {
            state.history = history;
            LOG.errorf("could not save the history of %s (kept in memory): %s", state.target.key(), e.getMessage());
        }
    }
}
