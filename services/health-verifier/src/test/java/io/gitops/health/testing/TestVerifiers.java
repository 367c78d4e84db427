package io.gitops.health.testing;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.EventIds;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.verdict.KubernetesHalter;
import io.gitops.health.verdict.RolloutLedger;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.health.watch.InformerWorkloadViews;
import io.gitops.kit.Retry;
import io.gitops.testing.sandbox.Workloads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Builds the verifier's core the way the service does, over a Kubernetes client and a recording sink. */
public final class TestVerifiers {

    public static final Duration OBSERVATION_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MISSING_GRACE = Duration.ofMillis(300);

    private TestVerifiers() {
    }

    /**
     * What a test holds on to: the verifier, what it published, its metrics, its ledger, and every verdict it acted
     * on (reported after the verdict was published, remembered and counted).
     */
    public record Rig(RolloutVerifier verifier, RecordingSink sink, SimpleMeterRegistry registry,
                      RolloutLedger ledger, List<RolloutVerifier.Concluded> concluded) implements AutoCloseable {

        /** Waits until {@code count} verdicts were acted on completely. */
        public void awaitConcluded(int count) {
            await().atMost(Duration.ofSeconds(30)).until(() -> concluded.size() >= count);
        }

        @Override
        public void close() {
            verifier.close();
        }
    }

    public static Rig rig(KubernetesClient client, Thresholds thresholds) {
        RecordingSink sink = new RecordingSink();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RolloutLedger ledger = new RolloutLedger(1000);
        Retry retry = new Retry(3, Duration.ofMillis(20), Duration.ofMillis(100));
        Retry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        RolloutVerifier verifier = new RolloutVerifier(new RolloutVerifier.Parts(
                new InformerWorkloadViews(client, OBSERVATION_INTERVAL, Duration.ofSeconds(10)),
                new HealthEvaluator(HealthRules.builtIn(), thresholds), new KubernetesHalter(client, retry, sleeper),
                ledger, sink, new HealthMetrics(registry), MISSING_GRACE, retry, sleeper,
                appEnv -> HealthSettings.DEFAULT, Clock.systemUTC()));
        List<RolloutVerifier.Concluded> concluded = new CopyOnWriteArrayList<>();
        verifier.onConcluded(concluded::add);
        return new Rig(verifier, sink, registry, ledger, concluded);
    }

    /** A unique (app, env) per test, so tests share one sandbox without seeing each other. */
    public static AppEnv uniqueApp(String prefix) {
        return new AppEnv(prefix + "-" + UUID.randomUUID().toString().substring(0, 8), "staging");
    }

    public static String namespace(AppEnv appEnv) {
        return appEnv.app() + "-" + appEnv.env();
    }

    /** An image of the app whose tag is unique to the app and {@code seed}. */
    public static String image(AppEnv app, String seed) {
        return "registry.local:5000/" + app.app() + ":" + Workloads.tag(seed + app.app());
    }

    /** The app's Deployment (named after the app) as the API server has it now. */
    public static io.fabric8.kubernetes.api.model.apps.Deployment live(KubernetesClient client, AppEnv app) {
        return client.apps().deployments().inNamespace(namespace(app)).withName(app.app()).get();
    }

    /** A request as the sync engine's {@code sync.succeeded} would make it. */
    public static RolloutRequest applied(AppEnv appEnv, String revisionSeed, List<String> images,
                                         HealthSettings health) {
        String revision = Workloads.tag("rev-" + revisionSeed);
        return new RolloutRequest(appEnv, namespace(appEnv), revision, images, Workloads.tag("src-" + revisionSeed),
                Instant.now().minusSeconds(120), Instant.now(), RolloutRequest.Cause.APPLIED,
                EventIds.stable("sync", appEnv.key(), revision, UUID.randomUUID().toString()), revision, health);
    }

    /** A request as the sync engine's {@code sync.rolled-back} would make it. */
    public static RolloutRequest restored(AppEnv appEnv, String revision, List<String> images, HealthSettings health) {
        return new RolloutRequest(appEnv, namespace(appEnv), revision, images, null, null, Instant.now(),
                RolloutRequest.Cause.RESTORED, EventIds.stable("rolled-back", appEnv.key(), revision,
                UUID.randomUUID().toString()), revision, health);
    }
}
