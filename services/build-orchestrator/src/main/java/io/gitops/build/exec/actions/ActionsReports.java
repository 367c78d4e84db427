package io.gitops.build.exec.actions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.events.data.WebhookReceived;

/**
 * The {@code check_run} and {@code workflow_run} deliveries seen on {@code webhook.received}, by repository and commit,
 * kept for a window (they usually arrive before the pipeline reaches the stage) and handed to the GitHub Actions
 * executor waiting for them.
 */
public final class ActionsReports {

    /** The name under which a completed workflow run is kept. */
    public static final String WORKFLOW = "workflow";

    private final Map<String, Entry> commits = new LinkedHashMap<>();
    private final Duration window;
    private final Clock clock;

    private record Entry(Instant seen, Map<String, CheckReport> reports) {
    }

    public ActionsReports(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    private static String key(String repository, String commit) {
        return repository.toLowerCase(Locale.ROOT) + "@" + commit.toLowerCase(Locale.ROOT);
    }

    /** Records a completed check run or workflow run; other deliveries are ignored. True when one was recorded. */
    public boolean record(WebhookReceived webhook) {
        if (!"completed".equals(webhook.action()) || webhook.repository() == null || webhook.payload() == null) {
            return false;
        }
        JsonNode payload = webhook.payload();
        String commit;
        CheckReport report;
        if ("check_run".equals(webhook.event())) {
            JsonNode run = payload.path("check_run");
            commit = run.path("head_sha").asText(null);
            JsonNode output = run.path("output");
            String summary = output.path("summary").asText(null);
            String text = output.path("text").asText(null);
            report = new CheckReport(stageName(run.path("name").asText("")), run.path("conclusion").asText(null),
                    output.path("title").asText(null), join(summary, text), CheckReport.figures(summary, text));
        } else if ("workflow_run".equals(webhook.event())) {
            JsonNode run = payload.path("workflow_run");
            commit = run.path("head_sha").asText(null);
            report = new CheckReport(WORKFLOW, run.path("conclusion").asText(null), run.path("name").asText(null),
                    run.path("html_url").asText(null), Map.of());
        } else {
            return false;
        }
        if (commit == null || commit.isBlank()) {
            return false;
        }
        synchronized (this) {
            evict();
            commits.computeIfAbsent(key(webhook.repository(), commit), k -> new Entry(clock.instant(),
                    new HashMap<>())).reports().put(report.name(), report);
            notifyAll();
        }
        return true;
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + "\n" + b;
    }

    /** {@code gitops/test} and {@code Test} both report the {@code test} stage. */
    static String stageName(String checkName) {
        String name = checkName.toLowerCase(Locale.ROOT).strip();
        return name.startsWith("gitops/") ? name.substring("gitops/".length()) : name;
    }

    public synchronized Optional<CheckReport> report(String repository, String commit, String name) {
        Entry entry = commits.get(key(repository, commit));
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.reports().get(name));
    }

    /**
     * Waits until the stage's check run is there, or the workflow run completed without it (then the workflow run's
     * report is returned), or the bound passed (empty).
     */
    public synchronized Optional<CheckReport> await(String repository, String commit, String stage, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<CheckReport> stageReport = report(repository, commit, stage);
            if (stageReport.isPresent()) {
                return stageReport;
            }
            Optional<CheckReport> workflow = report(repository, commit, WORKFLOW);
            if (workflow.isPresent()) {
                return workflow;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private void evict() {
        Instant oldest = clock.instant().minus(window);
        for (Iterator<Entry> it = commits.values().iterator(); it.hasNext(); ) {
            if (it.next().seen().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
