package io.gitops.kit.lifecycle;

import java.util.Map;

/**
 * A service's readiness: up only when every named check is; {@code checks} holds each check's result (and any extra
 * data a service adds) for {@code /q/health/ready}.
 */
public record ReadinessReport(String service, boolean up, Map<String, Object> checks) {

    public ReadinessReport {
        checks = Map.copyOf(checks);
    }
}
