package io.gitops.events;

import java.net.URI;

/**
 * The producing services as {@code ce_source} names them ({@code /gitops/<service>}): the one place consumers learn
 * which service may publish what they act on. A consumer that acts on a fact checks its source with {@link #is}: an
 * {@code artifact.published} only from the build-orchestrator, a {@code rollout.failed} only from the health verifier,
 * a {@code sync.*} only from the sync engine. ACLs decide who may write a topic; this decides whom a consumer believes.
 */
public final class Sources {

    public static final String INGEST = "ingest";
    public static final String BUILD_ORCHESTRATOR = "build-orchestrator";
    public static final String CONFIG_BUMPER = "config-bumper";
    public static final String SYNC_ENGINE = "sync-engine";
    public static final String HEALTH_VERIFIER = "health-verifier";

    private Sources() {
    }

    /** The {@code ce_source} of a service's events. */
    public static URI of(String service) {
        return URI.create("/gitops/" + service);
    }

    /** Whether {@code event} was published by {@code service}. */
    public static boolean is(Event<?> event, String service) {
        return of(service).equals(event.source());
    }

    /**
     * Null when {@code event} is from {@code service}, else why it is not believed (for a dead letter), e.g.
     * {@code io.gitops.rollout.failed.v1 from /evil, not from the health-verifier (/gitops/health-verifier)}.
     */
    public static String problem(Event<?> event, String service) {
        return is(event, service) ? null : event.type().type() + " from " + event.source() + ", not from the "
                + service + " (" + of(service) + ")";
    }
}
