package io.gitops.launcher;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.ConfigChanged;
import io.gitops.events.data.DriftDetected;
import io.gitops.events.data.DriftHealed;
import io.gitops.events.data.DriftedObject;
import io.gitops.events.data.EventData;
import io.gitops.events.data.GateResult;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutHealthy;
import io.gitops.events.data.RolloutProgressing;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageStarted;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.WebhookReceived;

/** One readable line per event: time, type, subject, and the facts that matter for that type. */
public final class EventLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private EventLine() {
    }

    public static String format(Event<?> event) {
        String type = event.type().type().replaceFirst("^io\\.gitops\\.", "").replaceFirst("\\.v1$", "");
        return String.format("%s  %-24s %-22s %s", TIME.format(event.time()), type,
                event.subject() == null ? "" : event.subject(), facts(event.data()));
    }

    static String facts(EventData data) {
        if (data instanceof WebhookReceived w) {
            return w.event() + (w.push() != null ? " " + w.push().ref() + " " + shortSha(w.push().after()) : "")
                    + (w.action() != null ? " action=" + w.action() : "") + " delivery=" + w.deliveryId();
        }
        if (data instanceof PipelineQueued p) {
            return "pipeline " + p.pipelineId() + " commit " + shortSha(p.commit()) + " stages " + String.join("→", p.stages())
                    + (p.supersedes() != null ? " supersedes " + p.supersedes() : "");
        }
        if (data instanceof StageStarted s) {
            return s.stage() + " started (attempt " + s.attempt() + ")";
        }
        if (data instanceof StageFinished s) {
            return s.stage() + " " + s.outcome() + " in " + s.durationMs() + " ms" + gates(s.gates())
                    + (s.reason() != null ? " — " + s.reason() : "");
        }
        if (data instanceof PipelineFinished p) {
            return "pipeline " + p.outcome() + (p.failedStage() != null ? " at " + p.failedStage() : "")
                    + (p.reason() != null ? " — " + p.reason() : "") + (p.image() != null ? " image " + p.image() : "");
        }
        if (data instanceof ArtifactPublished a) {
            return "image " + a.imageRepository() + ":" + shortSha(a.tag()) + (a.digest() != null ? " " + abbreviate(a.digest(), 19) : "");
        }
        if (data instanceof ConfigChanged c) {
            return c.cause() + " " + shortSha(c.oldTag()) + " → " + shortSha(c.newTag()) + " config commit " + shortSha(c.commit())
                    + (c.pullRequestUrl() != null ? " PR " + c.pullRequestUrl() : "")
                    + (c.quarantinedTag() != null ? " quarantined " + shortSha(c.quarantinedTag()) : "");
        }
        if (data instanceof SyncStarted s) {
            return "sync of " + shortSha(s.revision()) + " (" + s.trigger() + ")";
        }
        if (data instanceof SyncSucceeded s) {
            return (s.changed() ? "applied " : "in sync ") + shortSha(s.revision()) + " objects=" + s.objectsApplied()
                    + " pruned=" + s.objectsPruned() + " in " + s.durationMs() + " ms";
        }
        if (data instanceof SyncFailed s) {
            return "FAILED " + s.reason() + " at " + shortSha(s.revision()) + " — " + s.error();
        }
        if (data instanceof DriftDetected d) {
            return "drift " + objects(d.objects()) + (d.selfHeal() ? " (self-heal)" : "");
        }
        if (data instanceof DriftHealed d) {
            return "healed " + objects(d.objects());
        }
        if (data instanceof RolledBack r) {
            return "rolled back " + shortSha(r.failedRevision()) + " → " + shortSha(r.revision()) + " in " + r.reactionMs()
                    + " ms (" + r.reason() + ")";
        }
        if (data instanceof RolloutProgressing r) {
            return "watching " + String.join(", ", r.workloads()) + " at " + shortSha(r.revision());
        }
        if (data instanceof RolloutHealthy r) {
            return "HEALTHY " + shortSha(r.revision()) + " rollout " + r.rolloutMs() + " ms"
                    + (r.leadTimeMs() != null ? " lead time " + r.leadTimeMs() + " ms" : "");
        }
        if (data instanceof RolloutFailed r) {
            return "FAILED " + r.reason() + " " + r.message() + (r.halted() ? " (halted)" : "")
                    + " last healthy " + shortSha(r.lastHealthyTag());
        }
        return data.toString();
    }

    private static String gates(List<GateResult> gates) {
        if (gates == null || gates.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" [");
        for (int i = 0; i < gates.size(); i++) {
            GateResult gate = gates.get(i);
            text.append(i == 0 ? "" : ", ").append(gate.gate()).append(gate.passed() ? " ok" : " FAIL");
            if (gate.figure() != null) {
                text.append(' ').append(gate.figure()).append(gate.unit() == null ? "" : " " + gate.unit());
            }
        }
        return text.append(']').toString();
    }

    private static String objects(List<DriftedObject> objects) {
        return String.join(", ", objects.stream().map(o -> o.kind() + "/" + o.name()
                + (o.fieldPath() != null ? " " + o.fieldPath() : "") + (o.manager() != null ? " by " + o.manager() : "")).toList());
    }

    static String shortSha(String sha) {
        if (sha == null) {
            return "-";
        }
        return sha.matches("[0-9a-f]{40}") ? sha.substring(0, 12) : sha;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
