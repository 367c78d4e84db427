package io.gitops.sync.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.gitops.config.AppConfig;
import io.gitops.events.Event;
import io.gitops.events.EventIds;
import io.gitops.events.data.AppHealth;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.DriftedObject;
import io.gitops.events.data.EventData;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.sync.git.ConfigChange;
import io.gitops.sync.history.RevisionRecord;

/**
 * Builds and publishes the engine's {@code gitops.sync.v1} events: keyed {@code app/env}, ids derived from the fact
 * (so a retry or a replay publishes the same id), caused by the trigger event, correlated by the source commit
 * when the config commit's trailers name one.
 */
public final class SyncEvents {

    public static final String SOURCE = "sync-engine";

    private final SyncEventSink sink;
    private final Clock clock;

    public SyncEvents(SyncEventSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    public void started(AppTarget t, String revision, SyncTrigger trigger, Event<?> cause, String correlation) {
        publish(new SyncStarted(t.app(), t.env(), t.namespace(), revision, trigger, now()), cause, correlation,
                "sync-started", t.key(), revision, trigger.name(), causeId(cause));
    }

    public void succeeded(AppTarget t, String revision, String previousRevision, String digest, List<String> images,
                          ConfigChange change, int applied, int pruned, boolean changed, long durationMs,
                          SyncTrigger trigger, Event<?> cause) {
        publish(new SyncSucceeded(t.app(), t.env(), t.namespace(), revision, previousRevision, digest, images,
                        change.sourceCommit(), change.sourceCommitTime(), applied, pruned, changed, durationMs,
                        trigger, now(), health(t)), cause, change.sourceCommit(),
                "sync-succeeded", t.key(), revision, digest, String.valueOf(changed), causeId(cause));
    }

    /**
     * The id of the {@code sync.succeeded} that announces an applied revision (what {@link #succeeded} with
     * {@code changed=true} derives): recorded with the revision before it is published, so that announcing it again
     * after a crash publishes the same event.
     */
    public String announcementId(AppTarget t, String revision, String digest, Event<?> cause) {
        return EventIds.stable("sync-succeeded", t.key(), revision, digest, "true", causeId(cause));
    }

    /**
     * Announces an applied revision ({@code sync.succeeded}, {@code changed=true}) with the id recorded for it: right
     * after applying it, or again when it was recorded but never announced (killed in between, broker away).
     */
    public void announced(AppTarget t, RevisionRecord record, String previousRevision, int applied, int pruned,
                          long durationMs, Event<?> cause) {
        Event.Builder<EventData> builder = Event.<EventData>of(new SyncSucceeded(t.app(), t.env(), t.namespace(),
                        record.revision(), previousRevision, record.digest(), record.images(), record.sourceCommit(),
                        record.sourceCommitTime(), applied, pruned, true, durationMs, record.trigger(), now(),
                        health(t)))
                .source(SOURCE).id(record.announcementId());
        if (record.sourceCommit() != null) {
            builder.correlationId(record.sourceCommit());
        }
        if (cause != null) {
            builder.causedBy(cause);
        }
        sink.publish(builder.build());
    }

    public void failed(AppTarget t, String revision, SyncFailureReason reason, String error, SyncTrigger trigger,
                       Event<?> cause, String correlation) {
        publish(new SyncFailed(t.app(), t.env(), t.namespace(), revision, reason, error, trigger, now()), cause,
                correlation, "sync-failed", t.key(), revision, reason.name(), error, causeId(cause));
    }

    public void driftDetected(AppTarget t, String revision, List<DriftedObject> objects, boolean selfHeal,
                              String liveVersion, String correlation) {
        publish(new DriftDetected(t.app(), t.env(), t.namespace(), revision, objects, selfHeal, now()), null,
                correlation, "drift-detected", t.key(), revision, liveVersion, objects.toString());
    }

    public void driftHealed(AppTarget t, String revision, List<DriftedObject> objects, String liveVersion,
                            String correlation) {
        publish(new DriftHealed(t.app(), t.env(), t.namespace(), revision, objects, now()), null, correlation,
                "drift-healed", t.key(), revision, liveVersion, objects.toString());
    }

    public void rolledBack(AppTarget t, String failedRevision, String revision, String digest, List<String> images,
                           int applied, String reason, long reactionMs, Event<?> cause, String correlation) {
        publish(new RolledBack(t.app(), t.env(), t.namespace(), failedRevision, revision, digest, images, applied,
                        reason, reactionMs, now()), cause, correlation,
                "rolled-back", t.key(), failedRevision, revision, causeId(cause));
    }

    /** The app's {@code health} settings from the {@code app.yaml} read with this revision, for the verifier. */
    static AppHealth health(AppTarget t) {
        AppConfig.HealthConfig health = t.config() == null ? null : t.config().health();
        return health == null ? null : new AppHealth(health.timeoutSeconds(), health.minStableSeconds());
    }

    private void publish(EventData data, Event<?> cause, String correlation, String... identity) {
        Event.Builder<EventData> builder = Event.of(data).source(SOURCE).idFrom(identity);
        if (correlation != null) {
            builder.correlationId(correlation);
        }
        if (cause != null) {
            builder.causedBy(cause);
        }
        sink.publish(builder.build());
    }

    private static String causeId(Event<?> cause) {
        return cause == null ? "" : cause.id();
    }
}
