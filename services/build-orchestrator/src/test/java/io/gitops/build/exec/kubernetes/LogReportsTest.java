package io.gitops.build.exec.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReportsTest {

    @TempDir
    Path root;

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    @Test
    void givenAStageLogWithFilesAndTheExitStatus_whenExtracted_thenFilesAreWrittenAndTheOutputKept()
            throws IOException {
        String log = "running tests\n::gitops-file::./target/site/jacoco/jacoco.xml\n" + b64("<report/>") + "\n"
                + "::gitops-file::../escape.txt\n" + b64("no") + "\n::gitops-exit::1\n";

        LogReports.Parsed parsed = LogReports.extract(log, root);

        assertThat(parsed.output()).isEqualTo("running tests");
        assertThat(parsed.exitCode()).hasValue(1);
        assertThat(parsed.files()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("target/site/jacoco/jacoco.xml"))).isEqualTo("<report/>");
        assertThat(root.getParent().resolve("escape.txt")).doesNotExist();
    }

    @Test
    void givenACommittedSymlinkWhereAReportIsWrittenBack_whenExtracted_thenNothingIsWrittenThroughIt(
            @TempDir Path outside) throws IOException {
        Files.createSymbolicLink(root.resolve("target"), outside);
        String log = "::gitops-file::target/surefire-reports/TEST-x.xml\n" + b64("<testsuite/>") + "\n::gitops-exit::0\n";

        LogReports.Parsed parsed = LogReports.extract(log, root);

        assertThat(parsed.files()).isZero();
        assertThat(parsed.output()).contains("not written", "symbolic link");
        try (var listing = Files.list(outside)) {
            assertThat(listing).isEmpty();
        }
    }

    @Test
    void givenAStageCommandAndFilesToCollect_whenWrapped_thenTheScriptRunsItQuotedAndPrintsMarkers()
            throws Exception {
        String script = LogReports.wrap("echo 'it''s'; exit 2", List.of("target/surefire-reports"));
        Files.createDirectories(root.resolve("target/surefire-reports"));
        Files.writeString(root.resolve("target/surefire-reports/TEST-a.xml"), "<testsuite/>");

        Process process = new ProcessBuilder("bash", "-c", script).directory(root.toFile()).redirectErrorStream(true)
                .start();
        String log = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();

        assertThat(exit).isEqualTo(2);
        LogReports.Parsed parsed = LogReports.extract(log, root.resolve("copy"));
        assertThat(parsed.exitCode()).hasValue(2);
        assertThat(parsed.output()).isEqualTo("its");
        assertThat(root.resolve("copy/target/surefire-reports/TEST-a.xml")).hasContent("<testsuite/>");
    }
}
