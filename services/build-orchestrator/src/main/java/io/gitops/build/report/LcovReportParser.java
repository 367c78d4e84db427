package io.gitops.build.report;

import java.io.BufferedReader;
import java.io.IOException;

/** LCOV tracefiles: the sums of {@code LH} (lines hit) and {@code LF} (lines found) over every {@code SF} record. */
public final class LcovReportParser {

    private LcovReportParser() {
    }

    public static CoverageReport parse(BufferedReader reader, String path) throws IOException, MalformedReportException {
        long hit = 0;
        long found = 0;
        int records = 0;
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String trimmed = line.trim();
            try {
                if (trimmed.startsWith("SF:")) {
                    records++;
                } else if (trimmed.startsWith("LF:")) {
                    found += Long.parseLong(trimmed.substring(3).trim());
                } else if (trimmed.startsWith("LH:")) {
                    hit += Long.parseLong(trimmed.substring(3).trim());
                }
            } catch (NumberFormatException e) {
                throw new MalformedReportException("LCOV report " + path + " line " + number + " is not a count: "
                        + abbreviate(trimmed));
            }
        }
        if (records == 0) {
            throw new MalformedReportException("LCOV report " + path + " has no SF: records");
        }
        if (hit > found || hit < 0) {
            throw new MalformedReportException("LCOV report " + path + " hits more lines than it found");
        }
        return new CoverageReport("LCOV", path, hit, found);
    }

    private static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "..." : value;
    }
}
