package io.gitops.health.verdict;

import static io.gitops.health.testing.TestVerifiers.applied;
import static io.gitops.health.testing.TestVerifiers.image;
import static io.gitops.health.testing.TestVerifiers.namespace;
import static io.gitops.health.testing.TestVerifiers.restored;
import static io.gitops.health.testing.TestVerifiers.rig;
import static io.gitops.health.testing.TestVerifiers.uniqueApp;
import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static io.gitops.testing.sandbox.Workloads.statefulSet;
import static io.gitops.testing.sandbox.Workloads.tag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.GapClient;
import io.gitops.health.testing.TestVerifiers.Rig;
import io.gitops.kit.Retry;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Scope;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rollouts that become healthy in the sandbox: new revisions, StatefulSets, and a restore after a failure (also when
 * the failed pod is deleted between the view's pod list and its pod watch).
 */
@WithSandbox(tickMillis = 50, scope = Scope.JVM)
class HealthyRolloutIT {

    private static final HealthSettings QUICK = new HealthSettings(Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Thresholds THRESHOLDS = new Thresholds(2, Duration.ofMillis(500), 2);

    private static SandboxCluster sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void sandbox(SandboxCluster shared) {
        sandbox = shared;
        client = sandbox.client();
    }

    @Test
    void deploymentWhoseReplicasAllBecomeAvailableAndStayIsHealthyWithLeadTime() {
        // Given a Deployment of three replicas applied by the sync engine
        AppEnv app = uniqueApp("ok");
        String good = image(app, "good");
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), good, 3));
            RolloutRequest request = applied(app, "1" + app.app(), List.of(good), QUICK);

            // When the verifier watches the revision
            rig.verifier().start(request);

            // Then it is healthy once every replica is updated and available for the stability window
            rig.awaitConcluded(1);
            RolloutHealthy healthy = rig.sink().first(RolloutHealthy.class).orElseThrow();
            assertThat(healthy.revision()).isEqualTo(request.revision());
            assertThat(healthy.imageTag()).isEqualTo(tag("good" + app.app()));
            assertThat(healthy.sourceCommit()).isEqualTo(request.sourceCommit());
            assertThat(healthy.leadTimeMs()).isGreaterThanOrEqualTo(120_000L);
            assertThat(healthy.rolloutMs()).isGreaterThanOrEqualTo(300L);
            Deployment live = client.apps().deployments().inNamespace(namespace(app)).withName(app.app()).get();
            assertThat(live.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(rig.registry().get(HealthMetrics.DEPLOYMENTS).tag("app", app.app()).counter().count())
                    .isEqualTo(1.0);
            assertThat(rig.registry().get(HealthMetrics.LEAD_TIME).tag("app", app.app()).timer().count())
                    .isEqualTo(1);
            assertThat(rig.verifier().activeWatches()).isZero();
        }
    }

    @Test
    void statefulSetWhoseReplicasAreAllUpdatedAndReadyIsHealthy() {
        // Given a StatefulSet of two replicas
        AppEnv app = uniqueApp("db");
        String good = image(app, "db");
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, statefulSet(namespace(app), "db", app.labels(), good, 2));

            // When the verifier watches the revision
            rig.verifier().start(applied(app, "1" + app.app(), List.of(good), QUICK));

            // Then it is healthy once both ordered replicas are ready on the update revision
            rig.awaitConcluded(1);
            assertThat(rig.verifier().ledger().lastHealthy(app)).isPresent();
            assertThat(rig.sink().first(RolloutFailed.class)).isEmpty();
        }
    }

    @Test
    void restoredRevisionIsResumedJudgedHealthyAndEndsTheTimeToRestore() {
        // Given a healthy revision, then a crash-looping one that was failed and halted
        AppEnv app = uniqueApp("restore");
        String good = image(app, "good");
        String bad = image(app, "bad");
        try (Rig rig = rig(client, THRESHOLDS)) {
            RolloutRequest first = healthyThenFailedAndHaltedThenReapplied(rig, app, good, bad);

            // When the verifier watches the restored revision
            rig.verifier().start(restored(app, first.revision(), List.of(good), QUICK));

            // Then it resumes the halted Deployment, judges the restored revision healthy and measures the restore
            rig.awaitConcluded(3);
            assertThat(rig.sink().data(RolloutHealthy.class).get(1).revision()).isEqualTo(first.revision());
            Deployment live = client.apps().deployments().inNamespace(namespace(app)).withName(app.app()).get();
            assertThat(live.getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
            assertThat(live.getMetadata().getAnnotations()).doesNotContainKey(KubernetesHalter.HALTED_ANNOTATION);
            assertThat(rig.registry().get(HealthMetrics.TIME_TO_RESTORE).tag("app", app.app()).timer().count())
                    .isEqualTo(1);
            assertThat(rig.registry().get(HealthMetrics.CHANGE_FAILURES).tag("app", app.app()).counter().count())
                    .isEqualTo(1.0);
            assertThat(rig.registry().get(HealthMetrics.DEPLOYMENTS).tag("app", app.app()).counter().count())
                    .isEqualTo(1.0);
            assertThat(rig.registry().get(HealthMetrics.CHANGE_FAILURE_RATIO).tag("app", app.app()).gauge().value())
                    .isEqualTo(0.5);
            assertThat(rig.verifier().ledger().failingSince(app)).isEmpty();
        }
    }

    @Test
    void restoredRevisionWhoseFailedPodIsDeletedBetweenThePodListAndWatchIsJudgedHealthyWithoutLookingUpPods() {
        // Given a healthy revision, then a crash-looping one that was failed and halted, watched through a client
        // whose next pod watch waits until the halted Deployment was resumed and its failed pod deleted
        AppEnv app = uniqueApp("gap");
        String good = image(app, "good");
        String bad = image(app, "bad");
        try (GapClient gapClient = new GapClient(sandbox); Rig rig = rig(gapClient.client(), THRESHOLDS)) {
            RolloutRequest first = healthyThenFailedAndHaltedThenReapplied(rig, app, good, bad);
            String failedPod = client.pods().inNamespace(namespace(app)).list().getItems().stream()
                    .filter(p -> bad.equals(p.getSpec().getContainers().get(0).getImage()))
                    .map(p -> p.getMetadata().getName()).findFirst().orElseThrow();
            gapClient.beforeNextPodWatch(namespace(app), () -> resumeAndAwaitDeletion(namespace(app), failedPod));

            // When the verifier watches the restored revision (the failed pod is deleted after its pod list)
            rig.verifier().start(restored(app, first.revision(), List.of(good), QUICK));

            // Then the deletion reaches the view through the watch: the restored revision is healthy, no pod looked up
            rig.awaitConcluded(3);
            assertThat(gapClient.gapRan()).isTrue();
            assertThat(rig.sink().data(RolloutHealthy.class)).extracting(RolloutHealthy::revision)
                    .containsExactly(first.revision(), first.revision());
            assertThat(rig.sink().data(RolloutFailed.class)).hasSize(1);
            assertThat(gapClient.podLookups()).isEmpty();
        }
    }

    /**
     * A healthy revision of {@code good}, then a crash-looping one of {@code bad} failed and halted, then the sync
     * engine re-applying the last healthy revision's manifests (the Deployment is still paused); returns the first.
     */
    private static RolloutRequest healthyThenFailedAndHaltedThenReapplied(Rig rig, AppEnv app, String good,
                                                                          String bad) {
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        apply(client, deployment(namespace(app), app.app(), app.labels(), good, 1));
        RolloutRequest first = applied(app, "1" + app.app(), List.of(good), QUICK);
        rig.verifier().start(first);
        rig.awaitConcluded(1);
        apply(client, deployment(namespace(app), app.app(), app.labels(), bad, 1));
        rig.verifier().start(applied(app, "2" + app.app(), List.of(bad), QUICK));
        rig.awaitConcluded(2);
        apply(client, deployment(namespace(app), app.app(), app.labels(), good, 1));
        return first;
    }

    /** What happens between the pod list and the pod watch: the Deployment resumes and its failed pod goes. */
    private static void resumeAndAwaitDeletion(String namespace, String pod) {
        Deployment halted = client.apps().deployments().inNamespace(namespace).list().getItems().get(0);
        assertThat(new KubernetesHalter(client, new Retry(3, Duration.ofMillis(20), Duration.ofMillis(100)),
                d -> Thread.sleep(d.toMillis())).resume(namespace, List.of(halted), "a-later-revision")).hasSize(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.pods().inNamespace(namespace).withName(pod).get() == null);
    }
}
