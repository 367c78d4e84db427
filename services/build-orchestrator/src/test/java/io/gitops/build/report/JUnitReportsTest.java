package io.gitops.build.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.gitops.events.data.TestCounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {

    @TempDir
    Path root;

    private final JUnitReports reports = new JUnitReports(1_000_000);

    private void write(String name, String content) throws IOException {
        Path file = root.resolve("target/surefire-reports").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void givenSurefireReports_whenRead_thenPassedFailedAndSkippedCasesAreCountedOverFiles() throws IOException {
        write("TEST-a.xml", "<testsuite><testcase name=\"a\"/><testcase name=\"b\"><failure/></testcase>"
                + "<testcase name=\"c\"><skipped/></testcase></testsuite>");
        write("TEST-b.xml", "<testsuites><testsuite><testcase name=\"d\"><error/></testcase><testcase name=\"e\"/>"
                + "</testsuite></testsuites>");

        ReportRead<TestCounts> read = reports.read(root, "target/surefire-reports");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Found.class,
                f -> assertThat(f.value()).isEqualTo(new TestCounts(2, 2, 1)));
    }

    @Test
    void givenNoReportDirectory_whenRead_thenItIsAbsent() {
        assertThat(reports.read(root, "target/surefire-reports")).isInstanceOfSatisfying(ReportRead.Absent.class,
                a -> assertThat(a.reason()).contains("does not exist"));
    }

    @Test
    void givenAnEmptyReportDirectory_whenRead_thenItIsAbsent() throws IOException {
        Files.createDirectories(root.resolve("target/surefire-reports"));

        assertThat(reports.read(root, "target/surefire-reports")).isInstanceOf(ReportRead.Absent.class);
    }

    @Test
    void givenXmlThatIsNotJUnit_whenRead_thenItIsAbsent() throws IOException {
        write("other.xml", "<project/>");

        assertThat(reports.read(root, "target/surefire-reports")).isInstanceOf(ReportRead.Absent.class);
    }

    @Test
    void givenABrokenReport_whenRead_thenItIsMalformedNamingTheFile() throws IOException {
        write("TEST-a.xml", "<testsuite><testcase");

        assertThat(reports.read(root, "target/surefire-reports")).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).contains("TEST-a.xml"));
    }

    @Test
    void givenADirectoryOutsideTheWorkspace_whenRead_thenItIsRefused() {
        assertThat(reports.read(root, "../x")).isInstanceOf(ReportRead.Malformed.class);
    }
}
