package io.gitops.build.gate;

import java.util.Locale;

import io.gitops.build.report.CoverageReport;
import io.gitops.build.report.ReportRead;
import io.gitops.events.data.GateResult;

/** Line coverage at least the app's threshold; an absent or malformed report fails the gate with the reason. */
public final class CoverageGate {

    private CoverageGate() {
    }

    public static GateResult evaluate(ReportRead<CoverageReport> report, double threshold) {
        if (report instanceof ReportRead.Found<CoverageReport> found) {
            double percent = found.value().percent();
            boolean passed = percent >= threshold;
            return new GateResult(Gates.COVERAGE, passed, percent, threshold, "percent", passed ? found.source()
                    : String.format(Locale.ROOT, "line coverage %.1f%% is below the threshold %.1f%% (%s)", percent,
                    threshold, found.source()));
        }
        String why = report instanceof ReportRead.Absent<CoverageReport> absent ? absent.reason()
                : ((ReportRead.Malformed<CoverageReport>) report).reason();
        return new GateResult(Gates.COVERAGE, false, null, threshold, "percent", why);
    }
}
