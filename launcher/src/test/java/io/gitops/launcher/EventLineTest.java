package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.DriftedObject;
import io.gitops.events.data.EventData;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.PushFields;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageOutcome;
import io.gitops.events.data.StageStarted;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.events.data.TestCounts;
import io.gitops.events.data.WebhookReceived;
import org.junit.jupiter.api.Test;

class EventLineTest {

    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";
    static final String OLD = "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091";

    private static String line(EventData data) {
        return EventLine.format(Event.of(data).id("x").source("test").time(AT).build());
    }

    @Test
    void givenEachPipelineEvent_whenFormatted_thenTheLineCarriesItsKeyFacts() {
        var gates = List.of(new GateResult("coverage", true, 86.4, 80.0, "percent", null),
                new GateResult("dockerfile-policy", false, null, null, null, "runs as root"));

        assertThat(line(new WebhookReceived("d-1", "push", null, "acme/shop", null, "octo", AT,
                new PushFields("refs/heads/main", "main", OLD, SHA, false, false, false, AT, "m", "octo"),
                JsonNodeFactory.instance.objectNode())))
                .contains("webhook.received").contains("acme/shop").contains("push refs/heads/main 9f2c1e4b7a6d delivery=d-1");
        assertThat(line(new WebhookReceived("d-2", "workflow_run", "completed", "acme/shop", null, null, AT, null,
                JsonNodeFactory.instance.objectNode()))).contains("workflow_run action=completed");
        assertThat(line(new PipelineQueued("p1", "shop", "acme/shop", "main", SHA, AT, List.of("lint", "test"), "local", "p0", AT)))
                .contains("pipeline p1 commit 9f2c1e4b7a6d stages lint→test supersedes p0");
        assertThat(line(new StageStarted("p1", "shop", SHA, "test", 1, AT))).contains("test started (attempt 1)");
        assertThat(line(new StageFinished("p1", "shop", SHA, "build", 1, StageOutcome.FAILED, 1200, gates,
                new TestCounts(1, 0, 0), "policy", null, AT)))
                .contains("build FAILED in 1200 ms [coverage ok 86.4 percent, dockerfile-policy FAIL] — policy");
        assertThat(line(new StageFinished("p1", "shop", SHA, "lint", 1, StageOutcome.SUCCEEDED, 5, List.of(), null, null, null, AT)))
                .endsWith("lint SUCCEEDED in 5 ms");
        assertThat(line(new PipelineFinished("p1", "shop", SHA, PipelineOutcome.FAILED, "sast", "gate", null, 9, AT)))
                .contains("pipeline FAILED at sast — gate");
        assertThat(line(new PipelineFinished("p1", "shop", SHA, PipelineOutcome.SUCCEEDED, null, null, "r/shop:" + SHA, 9, AT)))
                .contains("pipeline SUCCEEDED image r/shop:" + SHA);
        assertThat(line(new ArtifactPublished("shop", "p1", "r/shop", SHA, "sha256:" + "ab".repeat(32), "acme/shop", "main",
                SHA, AT, gates, AT))).contains("image r/shop:9f2c1e4b7a6d sha256:abababababab");
    }

    @Test
    void givenEachDeliveryEvent_whenFormatted_thenTheLineCarriesItsKeyFacts() {
        var drifted = List.of(new DriftedObject("apps/v1", "Deployment", "ns", "shop", "spec.replicas", "kubectl-edit"));

        assertThat(line(new ConfigChanged("shop", "staging", "acme/config", "main", OLD, null, OLD, SHA, ChangeCause.REVERT,
                "https://github.com/acme/config/pull/1", SHA, AT, null, SHA, AT)))
                .contains("shop/staging").contains("REVERT 0a1b2c3d4e5f → 9f2c1e4b7a6d config commit 0a1b2c3d4e5f PR https://github.com/acme/config/pull/1 quarantined 9f2c1e4b7a6d");
        assertThat(line(new SyncStarted("shop", "staging", "ns", SHA, SyncTrigger.POLL, AT))).contains("sync of 9f2c1e4b7a6d (POLL)");
        assertThat(line(new SyncSucceeded("shop", "staging", "ns", SHA, OLD, "d", List.of(), SHA, AT, 4, 1, true, 80,
                SyncTrigger.CONFIG_CHANGED, AT))).contains("applied 9f2c1e4b7a6d objects=4 pruned=1 in 80 ms");
        assertThat(line(new SyncSucceeded("shop", "staging", "ns", SHA, OLD, "d", List.of(), null, null, 0, 0, false, 8,
                SyncTrigger.POLL, AT))).contains("in sync 9f2c1e4b7a6d");
        assertThat(line(new SyncFailed("shop", "staging", "ns", SHA, SyncFailureReason.QUARANTINED, "no", SyncTrigger.WEBHOOK, AT)))
                .contains("FAILED QUARANTINED at 9f2c1e4b7a6d — no");
        assertThat(line(new DriftDetected("shop", "staging", "ns", SHA, drifted, true, AT)))
                .contains("drift Deployment/shop spec.replicas by kubectl-edit (self-heal)");
        assertThat(line(new DriftHealed("shop", "staging", "ns", SHA, drifted, AT))).contains("healed Deployment/shop");
        assertThat(line(new RolledBack("shop", "staging", "ns", SHA, OLD, "d", List.of(), 4, "CRASH_LOOP", 120, AT)))
                .contains("rolled back 9f2c1e4b7a6d → 0a1b2c3d4e5f in 120 ms (CRASH_LOOP)");
        assertThat(line(new RolloutProgressing("shop", "staging", "ns", SHA, List.of(), List.of("Deployment/shop"), AT)))
                .contains("watching Deployment/shop at 9f2c1e4b7a6d");
        assertThat(line(new RolloutHealthy("shop", "staging", "ns", SHA, List.of(), SHA, SHA, 900, 4000L, AT)))
                .contains("HEALTHY 9f2c1e4b7a6d rollout 900 ms lead time 4000 ms");
        assertThat(line(new RolloutFailed("shop", "staging", "ns", SHA, List.of(), SHA, RolloutFailureReason.CRASH_LOOP,
                "pod x crashed", "Deployment/shop", true, OLD, null, 10, AT)))
                .contains("FAILED CRASH_LOOP pod x crashed (halted) last healthy -");
    }

    @Test
    void givenShortOrAbsentShas_whenShortened_thenTheyAreKeptOrDashed() {
        assertThat(EventLine.shortSha(null)).isEqualTo("-");
        assertThat(EventLine.shortSha("v1.2.3")).isEqualTo("v1.2.3");
    }
}
