package io.gitops.health.input;

import java.util.Optional;

import io.gitops.config.Dns1123;
import io.gitops.events.Event;
import io.gitops.events.Sources;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.RolloutRequest;
import io.gitops.kit.Outcome;

/**
 * Which {@code sync.v1} events ask for a rollout to be judged: {@code sync.succeeded} with {@code changed=true} (a
 * revision was applied) and {@code sync.rolled-back} (the last healthy revision was re-applied: its health ends the
 * time to restore), both only from the sync engine (any other source is refused: a permanent failure, dead-lettered
 * with the reason). Everything else on the topic is not the verifier's business.
 */
public final class RolloutRequests {

    private final HealthSettingsResolver settings;

    public RolloutRequests(HealthSettingsResolver settings) {
        this.settings = settings;
    }

    /**
     * @return the request, empty when the event asks for nothing, or a permanent failure for unusable data
     */
    public Outcome<Optional<RolloutRequest>> from(Event<?> event) {
        if ((event.data() instanceof SyncSucceeded || event.data() instanceof RolledBack)
                && !Sources.is(event, Sources.SYNC_ENGINE)) {
            return Outcome.permanent("refused: " + Sources.problem(event, Sources.SYNC_ENGINE));
        }
        if (event.data() instanceof SyncSucceeded s) {
            if (!s.changed()) {
                return Outcome.success(Optional.empty());
            }
            String problem = problem(s.app(), s.env(), s.namespace(), s.revision());
            if (problem != null) {
                return Outcome.permanent(problem);
            }
            AppEnv appEnv = new AppEnv(s.app(), s.env());
            return Outcome.success(Optional.of(new RolloutRequest(appEnv, s.namespace(), s.revision(), s.images(),
                    s.sourceCommit(), s.sourceCommitTime(), s.syncedAt() == null ? event.time() : s.syncedAt(),
                    RolloutRequest.Cause.APPLIED, event.id(), correlation(event, s.sourceCommit()),
                    settings.resolve(appEnv, s.health()))));
        }
        if (event.data() instanceof RolledBack r) {
            String problem = problem(r.app(), r.env(), r.namespace(), r.revision());
            if (problem != null) {
                return Outcome.permanent(problem);
            }
            AppEnv appEnv = new AppEnv(r.app(), r.env());
            return Outcome.success(Optional.of(new RolloutRequest(appEnv, r.namespace(), r.revision(), r.images(),
                    null, null, r.rolledBackAt() == null ? event.time() : r.rolledBackAt(),
                    RolloutRequest.Cause.RESTORED, event.id(), correlation(event, null),
                    settings.configured(appEnv))));
        }
        return Outcome.success(Optional.empty());
    }

    private static String correlation(Event<?> event, String sourceCommit) {
        return event.correlationId() != null ? event.correlationId() : sourceCommit;
    }

    private static String problem(String app, String env, String namespace, String revision) {
        for (String[] label : new String[][] {{"app", app}, {"env", env}, {"namespace", namespace}}) {
            String problem = Dns1123.problem(label[0], label[1]);
            if (problem != null) {
                return problem;
            }
        }
        return revision == null || revision.isBlank() ? "revision is missing" : null;
    }
}
