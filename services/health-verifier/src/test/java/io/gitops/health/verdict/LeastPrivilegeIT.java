package io.gitops.health.verdict;

import static io.gitops.health.testing.TestVerifiers.applied;
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
import java.util.Map;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.testing.TestVerifiers.Rig;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.WithSandbox;
import io.gitops.testing.sandbox.ChartRbac;
import org.junit.jupiter.api.Test;

/**
 * The verifier under least privilege: a sandbox that authorizes like kube-apiserver, and the verifier on the token of
 * a ServiceAccount whose only rights are the chart's Role ({@code healthVerifier.rbac.rules} of values.yaml) in the
 * app's namespace: it judges and halts with them (informers, one ReplicaSet get, merge patches), nothing more.
 */
@WithSandbox(tickMillis = 50, authorization = true)
class LeastPrivilegeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HealthSettings QUICK = new HealthSettings(Duration.ofSeconds(30), Duration.ofMillis(300));
    private static final Thresholds THRESHOLDS = new Thresholds(2, Duration.ofMillis(500), 2);

    private final SandboxCluster sandbox;

    LeastPrivilegeIT(SandboxCluster sandbox) {
        this.sandbox = sandbox;
    }

    private static String image(AppEnv app, String seed) {
        return "registry.local:5000/" + app.app() + ":" + tag(seed + app.app());
    }

    /** The verifier's own client: a token bound to the chart's Role in the app's namespace only. */
    private KubernetesClient verifierClient(AppEnv app) {
        String token = ChartRbac.serviceAccountToken(sandbox, "gitops-system", "health-verifier",
                Map.of(namespace(app), ChartRbac.rules("healthVerifier", "rbac", "rules")));
        return sandbox.client(token);
    }

    @Test
    void givenTheChartsRole_whenAHealthyRevisionThenACrashLoopingOneRollOut_thenBothAreJudgedAndTheSecondIsPaused() {
        AppEnv app = uniqueApp("rbac");
        String good = image(app, "good");
        String bad = image(app, "bad");
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        KubernetesClient admin = sandbox.client();
        try (KubernetesClient client = verifierClient(app); Rig rig = rig(client, THRESHOLDS)) {
            apply(admin, deployment(namespace(app), app.app(), app.labels(), good, 2));
            RolloutRequest first = applied(app, "1" + app.app(), List.of(good), QUICK);
            rig.verifier().start(first);
            rig.awaitConcluded(1);
            apply(admin, deployment(namespace(app), app.app(), app.labels(), bad, 2));

            rig.verifier().start(applied(app, "2" + app.app(), List.of(bad), QUICK));

            await().atMost(WAIT).until(() -> rig.sink().first(RolloutFailed.class).isPresent());
            assertThat(rig.sink().first(RolloutHealthy.class)).hasValueSatisfying(h ->
                    assertThat(h.revision()).isEqualTo(first.revision()));
            RolloutFailed failed = rig.sink().first(RolloutFailed.class).orElseThrow();
            assertThat(failed.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
            assertThat(failed.halted()).isTrue();
            assertThat(failed.lastHealthyRevision()).isEqualTo(first.revision());
            Deployment live = admin.apps().deployments().inNamespace(namespace(app)).withName(app.app()).get();
            assertThat(live.getSpec().getPaused()).isTrue();
            assertThat(live.getMetadata().getManagedFields())
                    .anyMatch(f -> f.getManager().equals(KubernetesHalter.FIELD_MANAGER));
        }
    }

    @Test
    void givenTheChartsRole_whenAStatefulSetCrashLoops_thenItIsHaltedWithAPartition() {
        AppEnv app = uniqueApp("rbac-sts");
        String bad = image(app, "db-bad");
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        KubernetesClient admin = sandbox.client();
        try (KubernetesClient client = verifierClient(app); Rig rig = rig(client, THRESHOLDS)) {
            apply(admin, statefulSet(namespace(app), "db", app.labels(), bad, 2));

            rig.verifier().start(applied(app, "1" + app.app(), List.of(bad), QUICK));

            await().atMost(WAIT).until(() -> rig.sink().first(RolloutFailed.class).isPresent());
            RolloutFailed failed = rig.sink().first(RolloutFailed.class).orElseThrow();
            assertThat(failed.workload()).isEqualTo("StatefulSet/db");
            assertThat(failed.halted()).isTrue();
            StatefulSet live = admin.apps().statefulSets().inNamespace(namespace(app)).withName("db").get();
            assertThat(live.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isEqualTo(2);
        }
    }

    @Test
    void givenTheChartsRole_whenTheVerifierAsksForWhatItDoesNotUse_thenTheApiServerRefusesEachRequest() {
        AppEnv app = uniqueApp("rbac-deny");
        apply(sandbox.client(), deployment(namespace(app), app.app(), app.labels(), image(app, "x"), 1));
        try (KubernetesClient client = verifierClient(app)) {
            String ns = namespace(app);

            Map<String, Integer> answers = new java.util.LinkedHashMap<>();
            answers.put("list deployments in another namespace", status(() -> client.apps().deployments()
                    .inNamespace("elsewhere").list()));
            answers.put("watch deployments in every namespace", status(() -> client.apps().deployments()
                    .inAnyNamespace().list()));
            answers.put("delete its deployment", status(() -> client.apps().deployments().inNamespace(ns)
                    .withName(app.app()).delete()));
            answers.put("get one pod", status(() -> client.pods().inNamespace(ns).withName("any").get()));
            answers.put("get its deployment", status(() -> client.apps().deployments().inNamespace(ns)
                    .withName(app.app()).get()));
            answers.put("read secrets", status(() -> client.secrets().inNamespace(ns).list()));

            assertThat(answers).allSatisfy((request, code) -> assertThat(code).as(request).isEqualTo(403));
        }
    }

    /** The HTTP status a request got (200 when it succeeded). */
    private static int status(Runnable request) {
        try {
            request.run();
            return 200;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return e.getCode();
        }
    }
}
