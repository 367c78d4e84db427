package io.gitops.build.exec.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.local.OutputTail;
import io.gitops.build.report.WorkspaceFiles;
import io.gitops.kit.Transience;

/**
 * {@code github-actions}: the stages run in the repository's own workflow; this executor waits for what GitHub
 * reports for the commit on {@code webhook.received} — a completed check run per stage (a job named {@code lint},
 * {@code test}, {@code sast}, {@code build}, {@code push}, or a check run {@code gitops/<stage>}), else the completed
 * workflow run — and turns it into the same inputs the gates read locally:
 * <ul>
 *   <li>exit status 0 for conclusion {@code success}/{@code neutral}, 1 otherwise;</li>
 *   <li>{@code gitops.tests.passed/failed/skipped} lines of the test check run's output → a JUnit XML report;</li>
 *   <li>{@code gitops.coverage.line} (percent) → a Cobertura report;</li>
 *   <li>{@code gitops.sonar.ceTaskId} and {@code gitops.sonar.serverUrl} → {@code report-task.txt}, so the SonarQube
 *       quality gate is read from SonarQube itself.</li>
 * </ul>
 * The image is built and pushed by the workflow ({@link #buildsImages()}): the push stage then verifies that the
 * registry has the SHA tag.
 */
public final class GitHubActionsExecutor implements StageExecutor {

    public static final String NAME = "github-actions";

    private final ActionsReports reports;
    private final int tailBytes;
    private final io.gitops.build.exec.SecretMask mask;

    /** An executor that masks nothing (tests without secrets). */
    public GitHubActionsExecutor(ActionsReports reports, int tailBytes) {
        this(reports, tailBytes, io.gitops.build.exec.SecretMask.none());
    }

    /** @param mask hides the configured secrets in the output tails built from check run text */
    public GitHubActionsExecutor(ActionsReports reports, int tailBytes, io.gitops.build.exec.SecretMask mask) {
        this.reports = reports;
        this.tailBytes = tailBytes;
        this.mask = mask;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean buildsImages() {
        return true;
    }

    @Override
    public CommandResult run(CommandSpec spec) {
        long started = System.nanoTime();
        Optional<CheckReport> report;
        try {
            report = reports.await(spec.origin().sourceRepo(), spec.origin().commit(), spec.stage(), spec.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult.NotRun("interrupted (service stopping)", true);
        }
        if (report.isEmpty()) {
            return new CommandResult.TimedOut(spec.timeout(), "GitHub Actions reported neither a '" + spec.stage()
                    + "' check run nor a completed workflow run for " + spec.origin().commit());
        }
        CheckReport check = report.get();
        String output;
        if (ActionsReports.WORKFLOW.equals(check.name())) {
            output = "workflow run '" + check.title() + "' concluded " + check.conclusion() + " without a '"
                    + spec.stage() + "' check run";
        } else {
            output = "check run '" + check.name() + "' concluded " + check.conclusion()
                    + (check.title() == null ? "" : ": " + check.title())
                    + (check.text() == null ? "" : "\n" + check.text());
        }
        try {
            materialise(spec, check.figures());
        } catch (IOException e) {
            return new CommandResult.NotRun("cannot write the reported figures: " + e.getMessage(),
                    Transience.isTransient(e));
        }
        return new CommandResult.Exited(check.succeeded() ? 0 : 1, tail(output), spec.workspace(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** Writes the reported figures as the report files the gates read. */
    static void materialise(CommandSpec spec, Map<String, String> figures) throws IOException {
        List<String> collect = spec.collect();
        if (collect.isEmpty()) {
            return;
        }
        if ("test".equals(spec.stage())) {
            if (figures.containsKey("gitops.tests.passed") || figures.containsKey("gitops.tests.failed")) {
                StringBuilder xml = new StringBuilder("<testsuite name=\"github-actions\">");
                append(xml, count(figures, "gitops.tests.passed"), "");
                append(xml, count(figures, "gitops.tests.failed"), "<failure/>");
                append(xml, count(figures, "gitops.tests.skipped"), "<skipped/>");
                write(spec.workspace(), collect.get(collect.size() - 1) + "/TEST-github-actions.xml",
                        xml.append("</testsuite>").toString());
            }
            String coverage = figures.get("gitops.coverage.line");
            if (coverage != null && collect.size() > 1) {
                double percent = parse(coverage.replace("%", ""));
                write(spec.workspace(), collect.get(0), String.format(Locale.ROOT,
                        "<coverage line-rate=\"%.4f\"/>", percent / 100.0));
            }
        } else if ("sast".equals(spec.stage()) && figures.containsKey("gitops.sonar.ceTaskId")) {
            write(spec.workspace(), collect.get(0), "ceTaskId=" + figures.get("gitops.sonar.ceTaskId") + "\n"
                    + (figures.containsKey("gitops.sonar.serverUrl")
                    ? "serverUrl=" + figures.get("gitops.sonar.serverUrl") + "\n" : ""));
        }
    }

    private static void append(StringBuilder xml, int count, String body) {
        for (int i = 0; i < count; i++) {
            xml.append("<testcase name=\"t").append(i).append("\">").append(body).append("</testcase>");
        }
    }

    private static int count(Map<String, String> figures, String key) {
        return (int) Math.max(0, Math.min(1_000_000, parse(figures.getOrDefault(key, "0"))));
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void write(Path workspace, String relative, String content) throws IOException {
        try {
            WorkspaceFiles.write(workspace, relative, content.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private String tail(String text) {
        return OutputTail.of(text, tailBytes, mask);
    }

    @Override
    public void close() {
        // nothing runs here
    }
}
