package io.gitops.build.report;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/**
 * Finds the first coverage report among the configured paths and reads it, recognising the format from the
 * content: {@code <report>} is JaCoCo, {@code <coverage>} Cobertura, {@code SF:}/{@code TN:} lines LCOV. Paths are
 * resolved without following links ({@link WorkspaceFiles}).
 */
public final class CoverageReports {

    private final long maxBytes;

    public CoverageReports(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public ReportRead<CoverageReport> read(Path root, List<String> candidates) {
        for (String candidate : candidates) {
            java.util.Optional<Path> file;
            try {
                file = WorkspaceFiles.regularFile(root, candidate);
            } catch (IllegalArgumentException e) {
                return new ReportRead.Malformed<>("coverage report path " + e.getMessage());
            }
            if (file.isPresent()) {
                return readFile(file.get(), candidate);
            }
        }
        return new ReportRead.Absent<>("no coverage report found (looked for " + String.join(", ", candidates) + ")");
    }

    ReportRead<CoverageReport> readFile(Path file, String path) {
        try {
            if (Files.size(file) > maxBytes) {
                return new ReportRead.Malformed<>("coverage report " + path + " is larger than " + maxBytes + " bytes");
            }
            if (Files.size(file) == 0) {
                return new ReportRead.Malformed<>("coverage report " + path + " is empty");
            }
            String head = head(file);
            CoverageReport report;
            if (head.contains("<report")) {
                try (InputStream in = new BufferedInputStream(WorkspaceFiles.open(file))) {
                    report = JacocoReportParser.parse(in, path);
                }
            } else if (head.contains("<coverage")) {
                try (InputStream in = new BufferedInputStream(WorkspaceFiles.open(file))) {
                    report = CoberturaReportParser.parse(in, path);
                }
            } else if (head.startsWith("TN:") || head.startsWith("SF:")) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(WorkspaceFiles.open(file),
                        StandardCharsets.UTF_8))) {
                    report = LcovReportParser.parse(reader, path);
                }
            } else {
                return new ReportRead.Malformed<>("coverage report " + path
                        + " is neither JaCoCo XML, Cobertura XML nor LCOV");
            }
            return new ReportRead.Found<>(report, report.format() + " " + path);
        } catch (MalformedReportException e) {
            return new ReportRead.Malformed<>(e.getMessage());
        } catch (IOException e) {
            return new ReportRead.Malformed<>("coverage report " + path + " cannot be read: " + e.getMessage());
        }
    }

    private static String head(Path file) throws IOException {
        try (InputStream in = WorkspaceFiles.open(file)) {
            return new String(in.readNBytes(2048), StandardCharsets.UTF_8).stripLeading();
        }
    }
}
