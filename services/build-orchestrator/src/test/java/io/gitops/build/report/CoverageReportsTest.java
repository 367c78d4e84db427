package io.gitops.build.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageReportsTest {

    @TempDir
    Path root;

    private final CoverageReports reports = new CoverageReports(1_000_000);

    private ReportRead<CoverageReport> read(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return reports.read(root, List.of("target/site/jacoco/jacoco.xml", "coverage.xml", "coverage/lcov.info"));
    }

    @Test
    void givenAJacocoReportWithADoctype_whenRead_thenTheReportLevelLineCounterIsUsed() throws IOException {
        ReportRead<CoverageReport> read = read("target/site/jacoco/jacoco.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd">
                <report name="shop"><package name="a"><counter type="LINE" missed="50" covered="50"/></package>
                <counter type="INSTRUCTION" missed="3" covered="97"/><counter type="LINE" missed="136" covered="864"/></report>
                """);

        assertThat(read).isInstanceOfSatisfying(ReportRead.Found.class, f -> {
            CoverageReport report = (CoverageReport) f.value();
            assertThat(report.percent()).isEqualTo(86.4);
            assertThat(report.format()).isEqualTo("JaCoCo");
            assertThat(f.source()).isEqualTo("JaCoCo target/site/jacoco/jacoco.xml");
        });
    }

    @Test
    void givenACoberturaReport_whenRead_thenLinesCoveredOverLinesValidIsUsed() throws IOException {
        ReportRead<CoverageReport> read = read("coverage.xml",
                "<?xml version=\"1.0\"?><coverage line-rate=\"0.5\" lines-covered=\"712\" lines-valid=\"1000\"></coverage>");

        assertThat(((ReportRead.Found<CoverageReport>) read).value().percent()).isEqualTo(71.2);
    }

    @Test
    void givenACoberturaReportWithOnlyALineRate_whenRead_thenTheRateIsUsed() throws IOException {
        ReportRead<CoverageReport> read = read("coverage.xml", "<coverage line-rate=\"0.834\"/>");

        assertThat(((ReportRead.Found<CoverageReport>) read).value().percent()).isEqualTo(83.4);
    }

    @Test
    void givenAnLcovTracefile_whenRead_thenHitAndFoundLinesAreSummedOverFiles() throws IOException {
        ReportRead<CoverageReport> read = read("coverage/lcov.info",
                "TN:\nSF:a.js\nLF:10\nLH:9\nend_of_record\nSF:b.js\nLF:30\nLH:21\nend_of_record\n");

        assertThat(((ReportRead.Found<CoverageReport>) read).value().percent()).isEqualTo(75.0);
    }

    @Test
    void givenNoReport_whenRead_thenItIsAbsentNamingWhereItLooked() {
        ReportRead<CoverageReport> read = reports.read(root, List.of("target/site/jacoco/jacoco.xml"));

        assertThat(read).isInstanceOfSatisfying(ReportRead.Absent.class,
                a -> assertThat(a.reason()).contains("target/site/jacoco/jacoco.xml"));
    }

    @Test
    void givenATruncatedJacocoReport_whenRead_thenItIsMalformed() throws IOException {
        ReportRead<CoverageReport> read = read("target/site/jacoco/jacoco.xml", "<report name=\"x\"><counter type=");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).startsWith("JaCoCo report target/site/jacoco/jacoco.xml is not valid"));
    }

    @Test
    void givenAJacocoReportWithoutALineCounter_whenRead_thenItIsMalformed() throws IOException {
        ReportRead<CoverageReport> read = read("target/site/jacoco/jacoco.xml",
                "<report name=\"x\"><counter type=\"BRANCH\" missed=\"1\" covered=\"1\"/></report>");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).contains("no report-level LINE counter"));
    }

    @Test
    void givenAFileInNoKnownFormat_whenRead_thenItIsMalformed() throws IOException {
        ReportRead<CoverageReport> read = read("coverage.xml", "{\"total\": 80}");

        assertThat(read).isInstanceOf(ReportRead.Malformed.class);
    }

    @Test
    void givenAnEmptyReport_whenRead_thenItIsMalformed() throws IOException {
        ReportRead<CoverageReport> read = read("coverage.xml", "");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).contains("empty"));
    }

    @Test
    void givenAnLcovCountThatIsNotANumber_whenRead_thenItIsMalformedWithTheLine() throws IOException {
        ReportRead<CoverageReport> read = read("coverage/lcov.info", "SF:a.js\nLF:ten\n");

        assertThat(read).isInstanceOfSatisfying(ReportRead.Malformed.class,
                m -> assertThat(m.reason()).contains("line 2"));
    }

    @Test
    void givenACoberturaReportWithMoreCoveredThanValidLines_whenRead_thenItIsMalformed() throws IOException {
        ReportRead<CoverageReport> read = read("coverage.xml", "<coverage lines-covered=\"5\" lines-valid=\"4\"/>");

        assertThat(read).isInstanceOf(ReportRead.Malformed.class);
    }

    @Test
    void givenAReportPathOutsideTheWorkspace_whenRead_thenItIsRefused() {
        ReportRead<CoverageReport> read = reports.read(root, List.of("../etc/passwd"));

        assertThat(read).isInstanceOf(ReportRead.Malformed.class);
    }

    @Test
    void givenAnXmlExternalEntity_whenRead_thenTheEntityIsNotResolved() throws IOException {
        Files.writeString(root.resolve("secret.txt"), "123");
        ReportRead<CoverageReport> read = read("coverage.xml", "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \""
                + root.resolve("secret.txt").toUri() + "\">]><coverage lines-covered=\"&x;\" lines-valid=\"200\"/>");

        assertThat(read).isInstanceOf(ReportRead.Malformed.class);
    }
}
