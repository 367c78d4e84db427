package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.sandbox.FailureMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The closed loop in each failure mode of the sandbox, on the running stack ({@link RunningStack}): a healthy
 * revision first, then per mode a commit whose image fails that way. Without a person, the rollout is halted and
 * judged failed with the mode's reason, the sync engine re-applies the last healthy revision, the config-bumper
 * commits the revert and quarantines the tag, and the sync engine finds the revert identical to what runs.
 */
@Order(2)
class ClosedLoopFailureModesIT {

    private static final Duration ACT = Duration.ofSeconds(240);

    static RunningStack running;
    static Map<String, String> env;
    static Demo demo;
    static EventTail tail;
    static SampleRepo sample;
    static SampleRepo config;
    static String goodSha;

    @BeforeAll
    static void aHealthyRevisionToGoBackTo() throws IOException {
        running = RunningStack.get();
        env = running.env();
        demo = new Demo(running.layout, running.ports, env, running.out(), ACT);
        tail = new EventTail(LauncherKafkaSettings.fromStackEnv(env));
        tail.readExisting();
        sample = demo.clone("GITOPS_SAMPLE_REPO_URL", "it/closed-loop/sample-app");
        config = demo.clone("GITOPS_CONFIG_REPO_URL", "it/closed-loop/config-repo");
        // Whether or not the demo ran before, a fresh good revision: whatever was in flight has settled after it.
        goodSha = demo.healthyCommit(tail, sample, "A healthy revision for the closed-loop tests to go back to.");
    }

    @AfterAll
    static void close() {
        if (tail != null) {
            tail.close();
        }
        if (sample != null) {
            sample.close();
        }
        if (config != null) {
            config.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FailureMode.class)
    void givenAHealthyApp_whenANewImageFailsInThisMode_thenItIsRolledBackRevertedAndQuarantinedWithoutASecondRollout(
            FailureMode mode) throws IOException {
        String bad = demo.failingCommit(tail, sample, config, mode);

        List<Event<?>> events = awaitRestoredHealthy(bad);
        String badRevision = events.stream().map(Event::data).filter(d -> d instanceof SyncSucceeded s && s.changed()
                && bad.equals(s.sourceCommit())).map(d -> ((SyncSucceeded) d).revision()).findFirst().orElseThrow();
        RolloutFailed failed = events.stream().map(Event::data).filter(d -> d instanceof RolloutFailed f
                && bad.equals(f.failedTag())).map(RolloutFailed.class::cast).findFirst().orElseThrow();
        ConfigChanged revert = events.stream().map(Event::data).filter(d -> d instanceof ConfigChanged c
                && c.cause() == ChangeCause.REVERT && bad.equals(c.quarantinedTag())).map(ConfigChanged.class::cast)
                .findFirst().orElseThrow();
        // the events, in order
        assertThat(steps(events, bad, badRevision, revert.commit())).containsSubsequence(
                "pipeline queued", "artifact published", "config changed: bump", "sync succeeded: applied",
                "rollout failed", "sync rolled-back", "config changed: revert", "sync succeeded: revert, no change");
        assertThat(failed.reason()).isEqualTo(Demo.reasonOf(mode));
        assertThat(failed.halted()).isTrue();
        assertThat(failed.lastHealthyTag()).isEqualTo(goodSha);
        assertThat(failed.revision()).isEqualTo(badRevision);
        assertThat(revert.newTag()).isEqualTo(goodSha);
        // no second rollout for the revert commit: nothing started, applied or watched for it
        assertThat(events).noneMatch(e -> e.data() instanceof SyncStarted s && s.revision().equals(revert.commit()));
        assertThat(events).noneMatch(e -> e.data() instanceof RolloutProgressing p && p.revision().equals(revert.commit()));
        assertThat(events).noneMatch(e -> e.data() instanceof SyncSucceeded s && s.revision().equals(revert.commit())
                && s.changed());
        // Git: the revert is the newest commit, the tag is quarantined, the values are back on the good tag
        assertThat(config.recentSubjects(1).get(0)).contains("Revert sample-app/staging to " + goodSha.substring(0, 12));
        assertThat(config.read(ConfigRepoLayout.QUARANTINE_FILE)).contains(bad);
        assertThat(config.read(ConfigRepoLayout.valuesFile(Demo.APP, "staging"))).contains(goodSha).doesNotContain(bad);
        // the cluster: the good image, not halted, every replica available
        assertClusterRunsTheGoodRevision();
    }

    /** Every event so far, once the restored revision was judged healthy after the rollback of {@code bad}. */
    private static List<Event<?>> awaitRestoredHealthy(String bad) {
        List<List<Event<?>>> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Event<?>> events;
            try (EventTail all = new EventTail(LauncherKafkaSettings.fromStackEnv(env))) {
                events = all.readExisting();
            }
            read.clear();
            read.add(events);
            boolean rolledBack = false;
            for (Event<?> e : events) {
                if (e.data() instanceof RolledBack r && Demo.APP.equals(r.app()) && r.images().stream()
                        .anyMatch(i -> i.contains(":" + goodSha + "@sha256:")) && failedFor(events, r, bad)) {
                    rolledBack = true;
                } else if (rolledBack && e.data() instanceof RolloutHealthy h && Demo.APP.equals(h.app())
                        && goodSha.equals(h.imageTag())) {
                    return true;
                }
            }
            return false;
        });
        return read.get(0);
    }

    private static boolean failedFor(List<Event<?>> events, RolledBack rolledBack, String bad) {
        return events.stream().anyMatch(e -> e.data() instanceof RolloutFailed f && bad.equals(f.failedTag())
                && f.revision().equals(rolledBack.failedRevision()));
    }

    /** The events of one act, in time order, as readable steps. */
    private static List<String> steps(List<Event<?>> events, String bad, String badRevision, String revertCommit) {
        List<String> steps = new ArrayList<>();
        for (Event<?> e : events) {
            String step = step(e, bad, badRevision, revertCommit);
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static String step(Event<?> e, String bad, String badRevision, String revertCommit) {
        Object data = e.data();
        if (data instanceof PipelineQueued q) {
            return bad.equals(q.commit()) ? "pipeline queued" : null;
        }
        if (data instanceof ArtifactPublished) {
            return bad.equals(e.correlationId()) ? "artifact published" : null;
        }
        if (data instanceof ConfigChanged c) {
            if (c.cause() == ChangeCause.BUMP && bad.equals(c.newTag())) {
                return "config changed: bump";
            }
            return c.cause() == ChangeCause.REVERT && bad.equals(c.quarantinedTag()) ? "config changed: revert" : null;
        }
        if (data instanceof SyncSucceeded s) {
            if (s.changed() && s.revision().equals(badRevision)) {
                return "sync succeeded: applied";
            }
            return !s.changed() && s.revision().equals(revertCommit) ? "sync succeeded: revert, no change" : null;
        }
        if (data instanceof RolloutFailed f) {
            return bad.equals(f.failedTag()) ? "rollout failed" : null;
        }
        if (data instanceof RolledBack r) {
            return r.failedRevision().equals(badRevision) ? "sync rolled-back" : null;
        }
        return null;
    }

    private static void assertClusterRunsTheGoodRevision() throws IOException {
        Config kube = Config.fromKubeconfig(null, Files.readString(running.layout.kubeconfig()), null);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build()) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Deployment deployment = client.apps().deployments().inNamespace(Demo.NAMESPACE).withName(Demo.APP).get();
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .contains(":" + goodSha + "@sha256:");
                assertThat(deployment.getSpec().getPaused()).isNotEqualTo(Boolean.TRUE);
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
                assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(2);
                assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(2);
            });
        }
    }
}
