package io.gitops.build.sonar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.gitops.build.gate.Gates;
import io.gitops.build.report.WorkspaceFiles;
import io.gitops.events.data.GateResult;
import io.gitops.kit.Outcome;

/**
 * The SonarQube quality gate, after the scanner ran: read {@code report-task.txt} for {@code ceTaskId}, poll
 * {@code /api/ce/task} until SUCCESS or FAILED (bounded), check that the analysis is of the app's project and of the
 * commit built, then read the quality gate of that analysis. OK passes; ERROR fails with the conditions that failed.
 * Unreachable servers are transient failures (the stage retries them).
 *
 * <p>The server is only ever the configured one ({@code gitops.build.sonarqube.url}): the repository writes
 * {@code report-task.txt}, so its {@code serverUrl} is ignored and the token is never sent where the repository
 * says. An analysis of another project ({@code projectKey} of the file, {@code componentKey} of the task, or not
 * among the project's analyses) or of another revision fails the gate, naming both.
 */
public final class SonarQubeGate {

    /** Waits between polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final SonarQubeClient client;
    private final Optional<String> serverUrl;
    private final List<String> reportTaskPaths;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Pause pause;

    public SonarQubeGate(SonarQubeClient client, Optional<String> serverUrl, List<String> reportTaskPaths,
                         Duration pollInterval, Duration timeout, Pause pause) {
        this.client = client;
        this.serverUrl = serverUrl;
        this.reportTaskPaths = List.copyOf(reportTaskPaths);
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.pause = pause;
    }

    /**
     * The gate for the scanner output under {@code root}, which must be an analysis of {@code projectKey} at
     * {@code commit}; a transient failure when SonarQube could not be asked.
     */
    public Outcome<GateResult> evaluate(Path root, String projectKey, String commit) {
        if (serverUrl.isEmpty() || serverUrl.get().isBlank()) {
            return Outcome.success(Gates.failed(Gates.SAST, "gitops.build.sonarqube.url is not set (the SonarQube "
                    + "server is never taken from report-task.txt)"));
        }
        String server = serverUrl.get();
        Optional<Path> reportFile;
        try {
            reportFile = reportTaskPaths.stream().map(p -> WorkspaceFiles.regularFile(root, p))
                    .flatMap(Optional::stream).findFirst();
        } catch (IllegalArgumentException e) {
            return Outcome.success(Gates.failed(Gates.SAST, "report-task.txt: " + e.getMessage()));
        }
        if (reportFile.isEmpty()) {
            return Outcome.success(Gates.failed(Gates.SAST, "no report-task.txt from the SonarQube scanner (looked for "
                    + String.join(", ", reportTaskPaths) + ")"));
        }
        ReportTask task;
        try {
            task = ReportTask.parse(WorkspaceFiles.read(reportFile.get()));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Outcome.success(Gates.failed(Gates.SAST, e.getMessage()));
        }
        if (task.projectKey() != null && !task.projectKey().strip().equals(projectKey)) {
            return Outcome.success(Gates.failed(Gates.SAST, "report-task.txt is of SonarQube project '"
                    + task.projectKey().strip() + "', not the app's project '" + projectKey + "'"));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        SonarQubeClient.CeTask ceTask;
        while (true) {
            Outcome<SonarQubeClient.CeTask> polled = client.task(server, task.ceTaskId());
            if (!(polled instanceof Outcome.Success<SonarQubeClient.CeTask> ok)) {
                return SonarQubeClient.failure(polled);
            }
            ceTask = ok.value();
            if (ceTask.done()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                return Outcome.success(Gates.failed(Gates.SAST, "SonarQube did not process analysis task "
                        + task.ceTaskId() + " within " + timeout.toSeconds() + " s (status " + ceTask.status() + ")"));
            }
            try {
                pause.pause(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.transientFailure("interrupted while waiting for SonarQube", e);
            }
        }
        if (!"SUCCESS".equals(ceTask.status()) || ceTask.analysisId() == null) {
            return Outcome.success(Gates.failed(Gates.SAST, "SonarQube analysis task " + task.ceTaskId() + " "
                    + ceTask.status() + (ceTask.errorMessage() == null ? "" : ": " + ceTask.errorMessage())));
        }
        if (ceTask.componentKey() != null && !ceTask.componentKey().equals(projectKey)) {
            return Outcome.success(Gates.failed(Gates.SAST, "SonarQube analysis task " + task.ceTaskId()
                    + " analysed project '" + ceTask.componentKey() + "', not the app's project '" + projectKey + "'"));
        }
        Outcome<Optional<String>> revision = client.analysisRevision(server, projectKey, ceTask.analysisId());
        if (!(revision instanceof Outcome.Success<Optional<String>> found)) {
            return SonarQubeClient.failure(revision);
        }
        if (found.value().isEmpty()) {
            return Outcome.success(Gates.failed(Gates.SAST, "SonarQube analysis " + ceTask.analysisId()
                    + " is not an analysis of the app's project '" + projectKey + "'"));
        }
        if (!found.value().get().equals(commit)) {
            return Outcome.success(Gates.failed(Gates.SAST, "SonarQube analysis " + ceTask.analysisId()
                    + " is of revision '" + found.value().get() + "', not of commit " + commit));
        }
        Outcome<QualityGateStatus> gate = client.qualityGate(server, ceTask.analysisId());
        if (!(gate instanceof Outcome.Success<QualityGateStatus> ok)) {
            return SonarQubeClient.failure(gate);
        }
        QualityGateStatus status = ok.value();
        if (status.passed()) {
            return Outcome.success(Gates.passed(Gates.SAST, "SonarQube quality gate OK (analysis "
                    + ceTask.analysisId() + ")"));
        }
        String failed = status.conditions().stream().filter(c -> "ERROR".equals(c.status()))
                .map(QualityGateStatus.Condition::describe).collect(Collectors.joining(", "));
        return Outcome.success(Gates.failed(Gates.SAST, "SonarQube quality gate " + status.status()
                + (failed.isEmpty() ? "" : ": " + failed)));
    }
}
