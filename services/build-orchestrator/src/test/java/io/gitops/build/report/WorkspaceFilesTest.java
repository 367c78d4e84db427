package io.gitops.build.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import io.gitops.events.data.TestCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report files are read without following links: a committed symlink cannot reach outside the workspace. */
class WorkspaceFilesTest {

    @TempDir
    Path workspace;

    @TempDir
    Path outside;

    private static final String FAILING_SUITE = "<testsuite name=\"s\" tests=\"1\"><testcase name=\"t\"><failure/>"
            + "</testcase></testsuite>";

    @Test
    void givenAFileUnderASymlinkedDirectory_whenResolved_thenItIsRefusedNamingTheLink() throws Exception {
        Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Files.createSymbolicLink(workspace.resolve("target"), outside);

        assertThatThrownBy(() -> WorkspaceFiles.regularFile(workspace, "target/passwd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target/passwd passes through the symbolic link target (links are not followed out of "
                        + "the workspace)");
    }

    @Test
    void givenPathsThatLeaveTheWorkspace_whenResolved_thenTheyAreRefused() {
        assertThatThrownBy(() -> WorkspaceFiles.resolve(workspace, "../x")).hasMessageContaining("not a path inside");
        assertThatThrownBy(() -> WorkspaceFiles.resolve(workspace, "/etc/passwd"))
                .hasMessageContaining("not a path inside");
    }

    @Test
    void givenAPlainFileAndADirectory_whenResolved_thenTheyAreFoundAndReadable() throws Exception {
        Files.createDirectories(workspace.resolve("a"));
        Files.writeString(workspace.resolve("a/b.txt"), "hello");

        assertThat(WorkspaceFiles.regularFile(workspace, "a/b.txt")).hasValueSatisfying(p -> assertThat(p)
                .hasContent("hello"));
        assertThat(WorkspaceFiles.read(workspace.resolve("a/b.txt"))).isEqualTo("hello");
        assertThat(WorkspaceFiles.directory(workspace, "a")).isPresent();
        assertThat(WorkspaceFiles.regularFile(workspace, "a/missing")).isEmpty();
    }

    @Test
    void givenACoverageReportThatIsASymlinkOutOfTheWorkspace_whenRead_thenItIsMalformedAndNotRead() throws Exception {
        Files.writeString(outside.resolve("jacoco.xml"), "<report name=\"x\"><counter type=\"LINE\" missed=\"0\" "
                + "covered=\"10\"/></report>");
        Files.createDirectories(workspace.resolve("target/site/jacoco"));
        Files.createSymbolicLink(workspace.resolve("target/site/jacoco/jacoco.xml"), outside.resolve("jacoco.xml"));

        ReportRead<CoverageReport> read = new CoverageReports(1_000_000).read(workspace,
                java.util.List.of("target/site/jacoco/jacoco.xml"));

        assertThat(read).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).contains("symbolic link"));
    }

    @Test
    void givenJUnitReportsWithASymlinkedFile_whenCounted_thenOnlyTheRealFilesCount() throws Exception {
        Files.createDirectories(workspace.resolve("target/surefire-reports"));
        Files.writeString(outside.resolve("TEST-outside.xml"), FAILING_SUITE);
        Files.createSymbolicLink(workspace.resolve("target/surefire-reports/TEST-link.xml"),
                outside.resolve("TEST-outside.xml"));
        Files.writeString(workspace.resolve("target/surefire-reports/TEST-real.xml"),
                "<testsuite name=\"s\" tests=\"1\"><testcase name=\"t\"/></testsuite>");

        ReportRead<TestCounts> read = new JUnitReports(1_000_000).read(workspace, "target/surefire-reports");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Found.class,
                f -> assertThat(f.value()).isEqualTo(new TestCounts(1, 0, 0)));
    }
}
