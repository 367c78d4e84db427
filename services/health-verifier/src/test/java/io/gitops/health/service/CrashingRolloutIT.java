package io.gitops.health.service;

import static io.gitops.testing.sandbox.Workloads.apply;
import static io.gitops.testing.sandbox.Workloads.deployment;
import static io.gitops.testing.sandbox.Workloads.tag;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.health.model.AppEnv;
import io.gitops.sandbox.FailureMode;
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

/** The service on the in-JVM broker and the sandbox: a crashing revision is halted and reported failed. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics",
        value = "gitops.sync.v1:6,gitops.rollout.v1:6,gitops.sync.v1.dlq:1"))
@WithTestResource(value = SandboxTestResource.class, initArgs = {@ResourceArg(name = "shared", value = "true"),
        @ResourceArg(name = "tick-ms", value = "50"), @ResourceArg(name = "url-property", value = "kubernetes.master"),
        @ResourceArg(name = "kubeconfig-system-property", value = "kubeconfig")})
class CrashingRolloutIT {

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @Provided
    SandboxCluster sandbox;

    @Test
    void crashingRevisionIsPausedAndReportedFailedNamingTheLastHealthyRevision() {
        // Given a first revision the service judged healthy, and a second whose image crash-loops
        AppEnv app = new AppEnv("shop-" + UUID.randomUUID().toString().substring(0, 8), "staging");
        String namespace = app.app() + "-staging";
        String good = "registry.local:5000/" + app.app() + ":" + tag("good" + app.app());
        String bad = "registry.local:5000/" + app.app() + ":" + tag("bad" + app.app());
        sandbox.simulator().failImage(bad, FailureMode.CRASHLOOP);
        apply(sandbox.client(), deployment(namespace, app.app(), app.labels(), good, 2));
        Event<SyncSucceeded> first = SyncEvents.applied(app, namespace, tag("rev1" + app.app()), good);
        SyncEvents.publish(broker, first);
        assertThat(SyncEvents.awaitRollout(broker, RolloutHealthy.class, first.data().revision())).isPresent();
        apply(sandbox.client(), deployment(namespace, app.app(), app.labels(), bad, 2));
        Event<SyncSucceeded> second = SyncEvents.applied(app, namespace, tag("rev2" + app.app()), bad);

        // When the sync of the second revision arrives
        SyncEvents.publish(broker, second);

        // Then the Deployment is paused and the failed verdict names the crash and what to go back to
        RolloutFailed failed = SyncEvents.awaitRollout(broker, RolloutFailed.class, second.data().revision())
                .orElseThrow(() -> new AssertionError("no failed verdict for " + second.data().revision()));
        assertThat(failed.reason()).isEqualTo(RolloutFailureReason.CRASH_LOOP);
        assertThat(failed.message()).contains("container app is in CrashLoopBackOff (1 restart");
        assertThat(failed.halted()).isTrue();
        assertThat(failed.failedTag()).isEqualTo(tag("bad" + app.app()));
        assertThat(failed.lastHealthyRevision()).isEqualTo(first.data().revision());
        assertThat(failed.lastHealthyTag()).isEqualTo(tag("good" + app.app()));
        Deployment live = sandbox.client().apps().deployments().inNamespace(namespace).withName(app.app()).get();
        assertThat(live.getSpec().getPaused()).isTrue();
        assertThat(live.getMetadata().getManagedFields()).anySatisfy(
                f -> assertThat(f.getManager()).isEqualTo("gitops-health-verifier"));
    }
}
