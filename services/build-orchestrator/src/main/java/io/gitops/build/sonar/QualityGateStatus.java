package io.gitops.build.sonar;

import java.util.List;

/** {@code GET /api/qualitygates/project_status}: OK / ERROR (or WARN, NONE) with the conditions that decided it. */
public record QualityGateStatus(String status, List<Condition> conditions) {

    public QualityGateStatus {
        conditions = List.copyOf(conditions);
    }

    public boolean passed() {
        return "OK".equals(status);
    }

    /** One condition: e.g. {@code new_coverage} actual 42.0 {@code LT} 80 → ERROR. */
    public record Condition(String metricKey, String status, String comparator, String errorThreshold,
                            String actualValue) {

        public String describe() {
            String op = "LT".equals(comparator) ? "<" : "GT".equals(comparator) ? ">" : comparator;
            return metricKey + " " + actualValue + " " + op + " " + errorThreshold;
        }
    }
}
