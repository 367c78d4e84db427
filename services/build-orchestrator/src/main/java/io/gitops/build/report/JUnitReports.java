package io.gitops.build.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.gitops.events.data.TestCounts;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Counts tests in the JUnit XML reports of a directory ({@code TEST-*.xml} as Surefire, Gradle and most runners
 * write them, or any {@code *.xml}): each {@code <testcase>} is passed, failed (a {@code <failure>} or
 * {@code <error>} child) or skipped (a {@code <skipped>} child).
 */
public final class JUnitReports {

    private final long maxBytes;

    public JUnitReports(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public ReportRead<TestCounts> read(Path root, String directory) {
        Path dir;
        try {
            java.util.Optional<Path> found = WorkspaceFiles.directory(root, directory);
            if (found.isEmpty()) {
                return new ReportRead.Absent<>("no JUnit XML reports: " + directory + " does not exist");
            }
            dir = found.get();
        } catch (IllegalArgumentException e) {
            return new ReportRead.Malformed<>("test report directory " + e.getMessage());
        }
        List<Path> files;
        try (Stream<Path> stream = Files.walk(dir, 3)) {
            // links are neither followed into directories (walk) nor read as files
            files = stream.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            return new ReportRead.Malformed<>("test reports in " + directory + " cannot be listed: " + e.getMessage());
        }
        if (files.isEmpty()) {
            return new ReportRead.Absent<>("no JUnit XML reports in " + directory);
        }
        int[] counts = new int[3];
        int suites = 0;
        for (Path file : files) {
            String name = dir.relativize(file).toString();
            try {
                if (Files.size(file) > maxBytes) {
                    return new ReportRead.Malformed<>("test report " + directory + "/" + name + " is too large");
                }
                try (InputStream in = new BufferedInputStream(WorkspaceFiles.open(file))) {
                    suites += count(in, counts) ? 1 : 0;
                }
            } catch (SAXException e) {
                return new ReportRead.Malformed<>("test report " + directory + "/" + name + " is not valid XML: "
                        + e.getMessage());
            } catch (IOException e) {
                return new ReportRead.Malformed<>("test report " + directory + "/" + name + " cannot be read: "
                        + e.getMessage());
            }
        }
        if (suites == 0) {
            return new ReportRead.Absent<>("no JUnit <testsuite> in the XML files of " + directory);
        }
        return new ReportRead.Found<>(new TestCounts(counts[0], counts[1], counts[2]),
                files.size() + " JUnit XML file(s) in " + directory);
    }

    /** Adds one file's test cases to {@code counts} (passed, failed, skipped); true when it is a JUnit report. */
    static boolean count(InputStream in, int[] counts) throws IOException, SAXException {
        boolean[] junit = {false};
        SafeXml.parse(in, new DefaultHandler() {
            private boolean inCase;
            private int outcome; // 0 passed, 1 failed, 2 skipped

            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                switch (qName) {
                    case "testsuite", "testsuites" -> junit[0] = true;
                    case "testcase" -> {
                        inCase = true;
                        outcome = 0;
                    }
                    case "failure", "error" -> outcome = inCase ? 1 : outcome;
                    case "skipped" -> outcome = inCase && outcome == 0 ? 2 : outcome;
                    default -> {
                    }
                }
            }

            @Override
            public void endElement(String uri, String localName, String qName) {
                if ("testcase".equals(qName) && inCase) {
                    counts[outcome]++;
                    inCase = false;
                }
            }
        });
        return junit[0];
    }
}
