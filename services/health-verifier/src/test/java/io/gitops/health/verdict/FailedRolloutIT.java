package io.gitops.health.verdict;

import static io.gitops.health.testing.TestVerifiers.applied;
import static io.gitops.health.testing.TestVerifiers.image;
import static io.gitops.health.testing.TestVerifiers.namespace;
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
import java.util.concurrent.atomic.AtomicReference;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.TestVerifiers;
import io.gitops.health.testing.TestVerifiers.Rig;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Scope;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rollouts that fail in the sandbox, in each way the simulator can make them fail. */
@WithSandbox(tickMillis = 50, scope = Scope.JVM)
class FailedRolloutIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HealthSettings QUICK = new HealthSettings(Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Thresholds THRESHOLDS = new Thresholds(2, Duration.ofMillis(500), 2);
    /** Readiness never fails the rollout: for tests about other reasons. */
    private static final Thresholds PATIENT = new Thresholds(2, Duration.ofMillis(500), 1_000_000);

    private static SandboxCluster sandbox;
    private static KubernetesClient client;

    @BeforeAll
    static void sandbox(SandboxCluster shared) {
        sandbox = shared;
        client = sandbox.client();
    }

    private static RolloutFailed awaitFailed(Rig rig) {
        await().atMost(WAIT).until(() -> rig.sink().first(RolloutFailed.class).isPresent());
        rig.awaitConcluded(rig.sink().data(RolloutHealthy.class).size() + 1);
        return rig.sink().first(RolloutFailed.class).orElseThrow();
    }

    private static Deployment live(AppEnv app) {
        return TestVerifiers.live(client, app);
    }

    @Test
    void crashLoopFailsOnTheFirstStatusUpdateHaltsBeforeTheVerdictAndNamesTheLastHealthyRevision() {
        // Given a first revision judged healthy, and a second one whose image crash-loops
        AppEnv app = uniqueApp("crash");
        String good = image(app, "good");
        String bad = image(app, "bad");
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), good, 2));
            RolloutRequest first = applied(app, "1" + app.app(), List.of(good), QUICK);
            rig.verifier().start(first);
            rig.awaitConcluded(1);
            AtomicReference<Boolean> pausedWhenPublished = new AtomicReference<>();
            rig.sink().beforePublish(event -> {
                if (event.data() instanceof RolloutFailed) {
                    pausedWhenPublished.set(Boolean.TRUE.equals(live(app).getSpec().getPaused()));
                }
            });
            apply(client, deployment(namespace(app), app.app(), app.labels(), bad, 2));
            RolloutRequest second = applied(app, "2" + app.app(), List.of(bad), QUICK);

            // When the verifier watches the second revision
            rig.verifier().start(second);

            // Then it fails with the crash loop seen on the first status update that shows it (1 restart),
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
            assertThat(failed.message()).matches("pod " + app.app() + "-[a-z0-9]+-[a-z0-9]{5} container app is in "
                    + "CrashLoopBackOff \\(1 restart, last exit code 1 \\(Error\\)\\)");
            assertThat(failed.workload()).isEqualTo("Deployment/" + app.app());
            assertThat(failed.revision()).isEqualTo(second.revision());
            assertThat(failed.failedTag()).isEqualTo(tag("bad" + app.app()));
            // the rollout was paused before the verdict went out, and the verdict names what to go back to
            assertThat(pausedWhenPublished.get()).isTrue();
            assertThat(failed.halted()).isTrue();
            assertThat(live(app).getMetadata().getAnnotations()).containsEntry(KubernetesHalter.HALTED_ANNOTATION,
                    second.revision());
            assertThat(failed.lastHealthyRevision()).isEqualTo(first.revision());
            assertThat(failed.lastHealthyTag()).isEqualTo(tag("good" + app.app()));
            assertThat(rig.sink().data(RolloutProgressing.class)).extracting(RolloutProgressing::revision)
                    .containsExactly(first.revision(), second.revision());
        }
    }

    @Test
    void imagePullFailingLongerThanTheGraceFailsTheRollout() {
        // Given a revision whose image cannot be pulled
        AppEnv app = uniqueApp("pull");
        String bad = image(app, "missing");
        sandbox.simulator().failImage(bad, FailureMode.IMAGEPULL);
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), bad, 1));

            // When the verifier watches it
            rig.verifier().start(applied(app, "1" + app.app(), List.of(bad), QUICK));

            // Then it fails for the image pull once the 500 ms grace passed, and the Deployment is paused
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.IMAGE_PULL);
            assertThat(failed.message()).contains("container app cannot pull image " + bad + " for ")
                    .containsPattern("(ErrImagePull|ImagePullBackOff)");
            assertThat(failed.lastHealthyRevision()).isNull();
            assertThat(live(app).getSpec().getPaused()).isTrue();
        }
    }

    @Test
    void containerThatNeverBecomesReadyFailsAfterConsecutiveUnreadyObservations() {
        // Given a revision whose containers run but never pass readiness
        AppEnv app = uniqueApp("unready");
        String bad = image(app, "unready");
        sandbox.simulator().failImage(bad, FailureMode.UNREADY);
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, deployment(namespace(app), app.app(), app.labels(), bad, 1));

            // When the verifier watches it
            rig.verifier().start(applied(app, "1" + app.app(), List.of(bad), QUICK));

            // Then two consecutive unready observations (the threshold) fail it
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.READINESS);
            assertThat(failed.message()).endsWith("container app is running but not ready in 2 consecutive "
                    + "observations (threshold 2)");
        }
    }

    @Test
    void progressDeadlineExceededReportedByTheControllerFailsTheRollout() {
        // Given a Deployment with a 1 s progress deadline whose pods never become ready
        AppEnv app = uniqueApp("deadline");
        String bad = image(app, "stuck");
        sandbox.simulator().failImage(bad, FailureMode.UNREADY);
        try (Rig rig = rig(client, PATIENT)) {
            Deployment manifest = deployment(namespace(app), app.app(), app.labels(), bad, 1);
            manifest.getSpec().setProgressDeadlineSeconds(1);
            apply(client, manifest);

            // When the verifier watches it
            rig.verifier().start(applied(app, "1" + app.app(), List.of(bad), QUICK));

            // Then the controller's ProgressDeadlineExceeded is the verdict
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.PROGRESS_DEADLINE_EXCEEDED);
            assertThat(failed.message()).startsWith("Deployment/" + app.app() + " exceeded its progress deadline: ")
                    .endsWith("has timed out progressing.");
        }
    }

    @Test
    void rolloutThatMakesNoProgressFailsWhenTheHealthTimeoutPasses() {
        // Given a Deployment paused by someone, so it never rolls out, and a 1 s health timeout
        AppEnv app = uniqueApp("timeout");
        String good = image(app, "good");
        try (Rig rig = rig(client, PATIENT)) {
            Deployment manifest = deployment(namespace(app), app.app(), app.labels(), good, 1);
            manifest.getSpec().setPaused(true);
            apply(client, manifest);
            RolloutRequest request = applied(app, "1" + app.app(), List.of(good),
                    new HealthSettings(Duration.ofSeconds(1), Duration.ZERO));

            // When the verifier watches it
            rig.verifier().start(request);

            // Then the timeout is the verdict, saying what the rollout was waiting for
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.TIMEOUT);
            assertThat(failed.message()).isEqualTo("revision " + request.shortRevision() + " not healthy within 1s: "
                    + "Deployment/" + app.app() + ": waiting for the new ReplicaSet (paused)");
            assertThat(failed.workload()).isEqualTo("Deployment/" + app.app());
        }
    }

    @Test
    void crashLoopingStatefulSetIsHaltedWithAPartitionCoveringEveryReplica() {
        // Given a StatefulSet of two replicas whose image crash-loops
        AppEnv app = uniqueApp("sts");
        String bad = image(app, "db-bad");
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        try (Rig rig = rig(client, THRESHOLDS)) {
            apply(client, statefulSet(namespace(app), "db", app.labels(), bad, 2));

            // When the verifier watches it
            rig.verifier().start(applied(app, "1" + app.app(), List.of(bad), QUICK));

            // Then it fails for the crash loop of db-0 and the rolling update is stopped by a partition
            RolloutFailed failed = awaitFailed(rig);
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
            assertThat(failed.message()).startsWith("pod db-0 container db is in CrashLoopBackOff");
            assertThat(failed.workload()).isEqualTo("StatefulSet/db");
            assertThat(failed.halted()).isTrue();
            StatefulSet live = client.apps().statefulSets().inNamespace(namespace(app)).withName("db").get();
            assertThat(live.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isEqualTo(2);
        }
    }
}
