package io.gitops.build.report;

/** Line coverage read from one report. */
public record CoverageReport(String format, String path, long coveredLines, long totalLines) {

    /** Covered lines in percent, rounded to one decimal; 0 when the report counts no lines. */
    public double percent() {
        if (totalLines <= 0) {
            return 0.0;
        }
        return Math.round(coveredLines * 1000.0 / totalLines) / 10.0;
    }
}
