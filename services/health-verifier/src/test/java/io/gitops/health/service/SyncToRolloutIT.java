package io.gitops.health.service;

import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static io.gitops.testing.sandbox.Workloads.tag;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import io.gitops.events.Event;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.health.model.AppEnv;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.testing.Provided;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.gitops.testing.sandbox.SandboxTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service on the in-JVM broker and the sandbox: a sync in, the rollout verdicts out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics",
        value = "gitops.sync.v1:6,gitops.rollout.v1:6,gitops.sync.v1.dlq:1"))
@WithTestResource(value = SandboxTestResource.class, initArgs = {@ResourceArg(name = "shared", value = "true"),
        @ResourceArg(name = "tick-ms", value = "50"), @ResourceArg(name = "url-property", value = "kubernetes.master"),
        @ResourceArg(name = "kubeconfig-system-property", value = "kubeconfig")})
class SyncToRolloutIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @Provided
    SandboxCluster sandbox;

    @Test
    void appliedRevisionIsReportedProgressingThenHealthy() {
        // Given a Deployment the sync engine applied for shop-<id>/staging
        AppEnv app = new AppEnv("shop-" + UUID.randomUUID().toString().substring(0, 8), "staging");
        String namespace = app.app() + "-staging";
        String image = "registry.local:5000/" + app.app() + ":" + tag("good" + app.app());
        apply(sandbox.client(), deployment(namespace, app.app(), app.labels(), image, 2));
        Event<SyncSucceeded> sync = SyncEvents.applied(app, namespace, tag("rev1" + app.app()), image);

        // When the sync engine's sync.succeeded arrives on gitops.sync.v1
        SyncEvents.publish(broker, sync);

        // Then gitops.rollout.v1 gets progressing, then healthy for that revision
        RolloutHealthy healthy = SyncEvents.awaitRollout(broker, RolloutHealthy.class, sync.data().revision())
                .orElseThrow(() -> new AssertionError("no healthy verdict for " + sync.data().revision()));
        assertThat(SyncEvents.awaitRollout(broker, RolloutProgressing.class, sync.data().revision())).get()
                .extracting(RolloutProgressing::workloads).asList().containsExactly("Deployment/" + app.app());
        assertThat(healthy.imageTag()).isEqualTo(tag("good" + app.app()));
        assertThat(healthy.leadTimeMs()).isGreaterThanOrEqualTo(300_000L);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_health_deployments_total{app=\"" + app.app() + "\",env=\"staging\"}"))
                .body(containsString("gitops_health_lead_time_seconds_count{app=\"" + app.app()));
    }

    @Test
    void serviceIsReadyWhenBrokerAndKubernetesApiAnswer() {
        // Given the service started against the broker and the sandbox

        // When readiness is asked
        // Then both dependencies are reported up
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'health-verifier' }.data.kubernetesReachable", equalTo(true))
                .body("checks.find { it.name == 'health-verifier' }.data.brokerReachable", equalTo(true));
    }
}
