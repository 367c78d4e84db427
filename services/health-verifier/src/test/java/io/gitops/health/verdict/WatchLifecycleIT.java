package io.gitops.health.verdict;

import static io.gitops.health.testing.TestVerifiers.applied;
import static io.gitops.health.testing.TestVerifiers.image;
import static io.gitops.health.testing.TestVerifiers.namespace;
import static io.gitops.health.testing.TestVerifiers.rig;
import static io.gitops.health.testing.TestVerifiers.uniqueApp;
import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.TestVerifiers.Rig;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Scope;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Watches that end without the rollout finishing: superseded, workload deleted, no workload at all. */
@WithSandbox(tickMillis = 50, scope = Scope.JVM)
class WatchLifecycleIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HealthSettings QUICK = new HealthSettings(Duration.ofSeconds(30), Duration.ofMillis(300));
    /** Readiness never fails: an unready revision stays progressing for the whole test. */
    private static final Thresholds PATIENT = new Thresholds(2, Duration.ofMillis(500), 1_000_000);

    private static SandboxCluster sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void sandbox(SandboxCluster shared) {
        sandbox = shared;
        client = sandbox.client();
    }

    @Test
    void newerRevisionSupersedesTheWatchOfAnOlderOneWhichGetsNoVerdict() {
        // Given a revision still rolling out (its pods never become ready)
        AppEnv app = uniqueApp("super");
        String stuck = image(app, "stuck");
        String good = image(app, "good");
        sandbox.simulator().failImage(stuck, FailureMode.UNREADY);
        try (Rig rig = rig(client, PATIENT)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), stuck, 1));
            RolloutRequest older = applied(app, "1" + app.app(), List.of(stuck), QUICK);
            rig.verifier().start(older);
            apply(client, deployment(namespace(app), app.app(), app.labels(), good, 1));
            RolloutRequest newer = applied(app, "2" + app.app(), List.of(good), QUICK);

            // When a newer revision is applied and watched
            rig.verifier().start(newer);

            // Then only the newer revision gets a verdict
            rig.awaitConcluded(1);
            assertThat(rig.sink().data(RolloutHealthy.class)).extracting(RolloutHealthy::revision)
                    .containsExactly(newer.revision());
            assertThat(rig.sink().data(RolloutFailed.class)).isEmpty();
            assertThat(rig.registry().get(HealthMetrics.WATCHES_SUPERSEDED).tag("app", app.app()).counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void workloadDeletedDuringTheRolloutGivesAWorkloadMissingVerdict() {
        // Given a revision being watched whose pods never become ready
        AppEnv app = uniqueApp("deleted");
        String stuck = image(app, "stuck");
        sandbox.simulator().failImage(stuck, FailureMode.UNREADY);
        try (Rig rig = rig(client, PATIENT)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), stuck, 1));
            RolloutRequest request = applied(app, "1" + app.app(), List.of(stuck), QUICK);
            rig.verifier().start(request);
            await().atMost(WAIT).until(() -> rig.sink().first(RolloutProgressing.class).isPresent());

            // When the Deployment is deleted
            client.apps().deployments().inNamespace(namespace(app)).withName(app.app()).delete();

            // Then the verdict says so instead of waiting for the timeout
            rig.awaitConcluded(1);
            RolloutFailed failed = rig.sink().first(RolloutFailed.class).orElseThrow();
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.WORKLOAD_MISSING);
            assertThat(failed.message()).isEqualTo("Deployment/" + app.app()
                    + " was deleted during the rollout of revision " + request.shortRevision());
            assertThat(failed.halted()).isFalse();
        }
    }

    @Test
    void appWithoutAnyWorkloadGetsAWorkloadMissingVerdictAfterTheGrace() {
        // Given an (app, env) with nothing labelled for it in its namespace
        AppEnv app = uniqueApp("empty");
        try (Rig rig = rig(client, PATIENT)) {

            // When the verifier watches a revision of it
            rig.verifier().start(applied(app, "1" + app.app(), List.of(image(app, "x")), QUICK));

            // Then the verdict names the labels and namespace it looked for
            rig.awaitConcluded(1);
            RolloutFailed failed = rig.sink().first(RolloutFailed.class).orElseThrow();
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.WORKLOAD_MISSING);
            assertThat(failed.message()).isEqualTo("no Deployment or StatefulSet labelled gitops.io/app=" + app.app()
                    + ",gitops.io/env=staging in namespace " + namespace(app));
            assertThat(rig.sink().first(RolloutProgressing.class).orElseThrow().workloads()).isEmpty();
        }
    }
}
