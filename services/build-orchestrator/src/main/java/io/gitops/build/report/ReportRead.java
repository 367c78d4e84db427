package io.gitops.build.report;

/** What reading a report gave: its content, nothing (absent) or a file that could not be read (malformed). */
public sealed interface ReportRead<T> permits ReportRead.Found, ReportRead.Absent, ReportRead.Malformed {

    /** The report was read; {@code source} names the file(s) it came from. */
    record Found<T>(T value, String source) implements ReportRead<T> {
    }

    /** No report where one was looked for. */
    record Absent<T>(String reason) implements ReportRead<T> {
    }

    /** A report exists but cannot be read. */
    record Malformed<T>(String reason) implements ReportRead<T> {
    }
}
