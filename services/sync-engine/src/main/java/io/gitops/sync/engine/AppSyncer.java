package io.gitops.sync.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.InvalidConfigException;
import io.gitops.config.Quarantine;
import io.gitops.config.ValuesFile;
import io.gitops.events.Event;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.SyncMetrics;
import io.gitops.sync.apply.ApplyException;
import io.gitops.sync.cluster.ApiException;
import io.gitops.sync.cluster.Forbidden;
import io.gitops.sync.cluster.UnknownKindException;
import io.gitops.sync.git.ConfigChange;
import io.gitops.sync.git.ConfigSnapshot;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.RevisionRecord;
import io.gitops.sync.manifest.Decorator;
import io.gitops.sync.manifest.DesiredState;
import io.gitops.sync.manifest.Images;
import io.gitops.sync.manifest.ManifestException;
import io.gitops.sync.manifest.ManifestParser;
import io.gitops.sync.manifest.ObjectKey;
import io.gitops.sync.render.RenderException;
import io.gitops.sync.render.RenderRequest;
import org.jboss.logging.Logger;

/**
 * Syncs one (app, env) to a snapshot of the config repository: reads the values, renders the chart, decorates the
 * objects, refuses quarantined tags and rejected revisions, compares the digest with what runs, applies with
 * server-side apply in order, prunes, records the revision and publishes the outcome. Bad input fails only this
 * (app, env), with a {@link SyncFailureReason}; nothing is applied then.
 */
final class AppSyncer {

    private static final Logger LOG = Logger.getLogger(AppSyncer.class);

    private final EngineParts parts;
    private final DriftHandler drift;

    AppSyncer(EngineParts parts, DriftHandler drift) {
        this.parts = parts;
        this.drift = drift;
    }

    /** A failure before anything was rendered; {@code memo} marks failures that retrying the same input repeats. */
    private record Failure(SyncFailureReason reason, String error, boolean memo) {
    }

    private static final class SyncFailure extends RuntimeException {
        private final transient Failure failure;

        SyncFailure(SyncFailureReason reason, String error, boolean memo) {
            super(error);
            this.failure = new Failure(reason, error, memo);
        }
    }

    SyncOutcome sync(ConfigSnapshot snapshot, AppState state, SyncTrigger trigger, Event<?> cause) {
        long started = System.nanoTime();
        AppTarget t = state.target;
        if (!t.policy().automated()) {
            parts.metrics().sync(SyncMetrics.Result.SKIPPED, "not_automated", System.nanoTime() - started);
            return new SyncOutcome.Skipped(t.app(), t.env(), "syncPolicy.automated is false");
        }
        String inputKey = snapshot.inputKey(t.app(), t.env(), t.config().chart().path(), t.namespace());
        boolean targeted = trigger == SyncTrigger.CONFIG_CHANGED;
        AppHistory history;
        try {
            history = parts.history(state);
        } catch (ApiException e) {
            SyncOutcome.Failed reported = state.lastFailure;
            if (!targeted && reported != null && inputKey.equals(state.failedInputKey)) {
                parts.metrics().sync(SyncMetrics.Result.FAILED, reported.reason().name(), System.nanoTime() - started);
                return reported;
            }
            return fail(state, inputKey, snapshot.commit(), apiFailure("cannot read the revision history: ", e),
                    trigger, cause, snapshot.lastChange(t.app(), t.env()), started);
        }
        if (!targeted && inputKey.equals(state.syncedInputKey)) {
            auditOnce(state);
            parts.metrics().sync(SyncMetrics.Result.UNCHANGED, null, System.nanoTime() - started);
            return new SyncOutcome.Unchanged(t.app(), t.env(), snapshot.commit(),
                    history.current().map(RevisionRecord::digest).orElse(null));
        }
        SyncOutcome.Failed lastFailure = state.lastFailure;
        if (!targeted && lastFailure != null && inputKey.equals(state.failedInputKey)) {
            parts.metrics().sync(SyncMetrics.Result.FAILED, lastFailure.reason().name(), System.nanoTime() - started);
            return lastFailure;
        }
        String revision = snapshot.commit();
        ConfigChange change = snapshot.lastChange(t.app(), t.env());
        try {
            DesiredState desired = desired(snapshot, t, revision);
            Optional<RevisionRecord> running = history.current();
            if (running.isPresent() && running.get().digest().equals(desired.digest())) {
                state.syncedInputKey = inputKey;
                state.failedInputKey = null;
                auditOnce(state);
                if (targeted) {
                    parts.events().succeeded(t, revision, running.get().revision(), desired.digest(),
                            desired.images(), change, 0, 0, false, millisSince(started), trigger, cause);
                }
                parts.metrics().sync(SyncMetrics.Result.UNCHANGED, null, System.nanoTime() - started);
                return new SyncOutcome.Unchanged(t.app(), t.env(), revision, desired.digest());
            }
            if (history.isRejected(desired.digest())) {
                throw new SyncFailure(SyncFailureReason.REJECTED_REVISION, "manifests " + desired.digest()
                        + " failed their rollout and were rolled back; not applied again until Git changes", true);
            }
            parts.events().started(t, revision, trigger, cause, change.sourceCommit());
            int applied = parts.applier().apply(desired.objects(), t.namespace());
            parts.metrics().applied(applied);
            parts.watchKinds(desired.objects());
            List<ObjectKey> pruned = t.policy().prune() ? prune(state, desired) : List.of();
            parts.metrics().pruned(pruned.size());
            RevisionRecord record = new RevisionRecord(revision, desired.digest(), inputKey, desired.images(),
                    change.sourceCommit(), change.sourceCommitTime(), trigger, parts.events().now(),
                    desired.objects());
            state.reportedDrift.clear();
            recordQuietly(state, history.with(record, parts.settings().historyLimit()).clearingRejectionsExcept(null));
            state.syncedInputKey = inputKey;
            state.failedInputKey = null;
            state.audited = true;
            parts.events().succeeded(t, revision, running.map(RevisionRecord::revision).orElse(null),
                    desired.digest(), desired.images(), change, applied, pruned.size(), true, millisSince(started),
                    trigger, cause);
            parts.metrics().sync(SyncMetrics.Result.APPLIED, null, System.nanoTime() - started);
            LOG.infof("synced %s to %s (%s): %d applied, %d pruned", t.key(), shortSha(revision), desired.digest(),
                    applied, pruned.size());
            return new SyncOutcome.Applied(t.app(), t.env(), revision, desired.digest(), applied, pruned.size());
        } catch (SyncFailure e) {
            return fail(state, inputKey, revision, e.failure, trigger, cause, change, started);
        } catch (ApplyException | ApiException e) {
            return fail(state, inputKey, revision, apiFailure("", e), trigger, cause, change, started);
        } catch (UnknownKindException e) {
            return fail(state, inputKey, revision, new Failure(SyncFailureReason.APPLY_FAILED, e.getMessage(), false),
                    trigger, cause, change, started);
        }
    }

    /**
     * An API server's refusal of the engine's identity (403) is {@code FORBIDDEN}, with the server's message (which
     * names the missing permission); it is published once per input, since no retry mends it (a targeted
     * {@code config.changed} or a new input tries again). Any other failure is {@code APPLY_FAILED}, tried again by
     * the next trigger.
     */
    private Failure apiFailure(String what, RuntimeException e) {
        if (Forbidden.is(e)) {
            return new Failure(SyncFailureReason.FORBIDDEN, what + e.getMessage() + " (grant it to the sync engine's"
                    + " identity: the chart's syncEngine.rbac; an app's namespace must be one of"
                    + " syncEngine.managedNamespaces and exist)", true);
        }
        return new Failure(SyncFailureReason.APPLY_FAILED, what + e.getMessage(), false);
    }

    private DesiredState desired(ConfigSnapshot snapshot, AppTarget t, String revision) {
        String valuesPath = ConfigRepoLayout.valuesFile(t.app(), t.env());
        Path values = ConfigRepoLayout.resolve(snapshot.root(), valuesPath);
        Map<String, Object> parsedValues;
        try {
            if (!Files.isRegularFile(values)) {
                throw new SyncFailure(SyncFailureReason.INVALID_CONFIG, valuesPath + " is missing", true);
            }
            parsedValues = ValuesFile.parse(Files.readString(values, StandardCharsets.UTF_8), valuesPath);
        } catch (InvalidConfigException e) {
            throw new SyncFailure(SyncFailureReason.INVALID_CONFIG, e.getMessage(), true);
        } catch (IOException e) {
            throw new SyncFailure(SyncFailureReason.INVALID_CONFIG, "cannot read " + valuesPath + ": "
                    + e.getMessage(), false);
        }
        Path chart = ConfigRepoLayout.resolve(snapshot.root(), t.config().chart().path());
        long renderStarted = System.nanoTime();
        String yaml;
        try {
            yaml = parts.renderer().render(new RenderRequest(chart, values, t.app(), t.namespace()));
        } catch (RenderException e) {
            throw new SyncFailure(SyncFailureReason.RENDER_FAILED, "helm template of " + t.config().chart().path()
                    + " failed: " + e.getMessage(), true);
        } finally {
            parts.metrics().render(System.nanoTime() - renderStarted);
        }
        DesiredState desired;
        try {
            List<ObjectNode> rendered = ManifestParser.parse(yaml);
            desired = Decorator.decorate(rendered, t.app(), t.env(), t.namespace(), revision,
                    new Scopes(parts.api(), rendered)::namespaced);
        } catch (ManifestException e) {
            throw new SyncFailure(SyncFailureReason.RENDER_FAILED, e.getMessage(), true);
        }
        checkQuarantine(snapshot.catalog().quarantine(), t, parsedValues, desired);
        return desired;
    }

    private static void checkQuarantine(Quarantine quarantine, AppTarget t, Map<String, Object> values,
                                        DesiredState desired) {
        Set<String> tags = new LinkedHashSet<>();
        ValuesFile.scalar(values, t.config().image().valuesKey()).ifPresent(tags::add);
        for (String image : desired.images()) {
            Images.tagOf(image).ifPresent(tags::add);
        }
        for (String tag : tags) {
            if (quarantine.isQuarantined(t.app(), t.env(), tag)) {
                throw new SyncFailure(SyncFailureReason.QUARANTINED, "image tag " + tag
                        + " is quarantined in " + ConfigRepoLayout.QUARANTINE_FILE
                        + "; the last healthy revision keeps running", true);
            }
        }
    }

    private List<ObjectKey> prune(AppState state, DesiredState desired) {
        Set<ObjectKey> candidates = new HashSet<>();
        state.current().ifPresent(r -> r.objects().forEach(o -> candidates.add(ObjectKey.of(o))));
        parts.watcher().get().ifPresent(w -> candidates.addAll(w.managed(state.target.app(), state.target.env())));
        return parts.pruner().prune(candidates, desired.byKey().keySet(), state.target.namespace());
    }

    private void recordQuietly(AppState state, AppHistory history) {
        try {
            parts.record(state, history);
        } catch (RuntimeException e) {
            LOG.errorf("applied %s but could not record its history (kept in memory, saved with the next change): %s",
                    state.target.key(), e.getMessage());
        }
    }

    private void auditOnce(AppState state) {
        if (!state.audited) {
            state.audited = true;
            drift.audit(state);
        }
    }

    private SyncOutcome fail(AppState state, String inputKey, String revision, Failure failure, SyncTrigger trigger,
                             Event<?> cause, ConfigChange change, long started) {
        AppTarget t = state.target;
        state.failedInputKey = failure.memo() ? inputKey : null;
        state.lastFailure = new SyncOutcome.Failed(t.app(), t.env(), revision, failure.reason(), failure.error());
        LOG.warnf("sync of %s at %s failed (%s): %s", t.key(), shortSha(revision), failure.reason(), failure.error());
        parts.events().failed(t, revision, failure.reason(), failure.error(), trigger, cause, change.sourceCommit());
        parts.metrics().sync(SyncMetrics.Result.FAILED, failure.reason().name(), System.nanoTime() - started);
        return state.lastFailure;
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    static String shortSha(String sha) {
        return sha == null ? "(none)" : sha.substring(0, Math.min(12, sha.length()));
    }

    /** Whether rendered objects are namespaced: discovery, or the chart's own CRDs for its custom resources. */
    private record Scopes(io.gitops.sync.cluster.KubeApi api, List<ObjectNode> rendered) {

        boolean namespaced(ObjectNode object) {
            ObjectKey key = ObjectKey.of(object);
            for (ObjectNode candidate : rendered) {
                if (candidate.path("kind").asText().equals("CustomResourceDefinition")
                        && candidate.path("spec").path("group").asText().equals(key.group())
                        && candidate.path("spec").path("names").path("kind").asText().equals(key.kind())) {
                    return candidate.path("spec").path("scope").asText("Namespaced").equals("Namespaced");
                }
            }
            return api.kind(key).namespaced();
        }
    }

    /** The failures of an app whose app.yaml is unusable, for each of its environment directories. */
    static List<String> environmentsOf(Path root, String appDir) {
        Path envs = root.resolve(ConfigRepoLayout.APPS_DIR).resolve(appDir).resolve("envs");
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(envs)) {
            try (var dirs = Files.list(envs)) {
                dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                        .filter(io.gitops.config.Dns1123::isLabel).sorted().forEach(names::add);
            } catch (IOException e) {
                return names;
            }
        }
        return names;
    }
}
