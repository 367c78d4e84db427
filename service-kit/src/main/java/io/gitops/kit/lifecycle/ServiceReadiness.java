package io.gitops.kit.lifecycle;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The one readiness check of every service (Strimzi's {@code Readiness}): a service subclasses it as
 * {@code @Readiness @ApplicationScoped} and returns its {@link ServiceLifecycle}; the answer is
 * {@link ServiceLifecycle#readiness()}.
 */
public abstract class ServiceReadiness implements HealthCheck {

    /** The service's lifecycle (null while it is not built yet: not ready). */
    protected abstract ServiceLifecycle lifecycle();

    @Override
    public HealthCheckResponse call() {
        ServiceLifecycle lifecycle = lifecycle();
        if (lifecycle == null) {
            return HealthCheckResponse.named("service").down().build();
        }
        ReadinessReport report = lifecycle.readiness();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named(report.service()).status(report.up());
        for (Map.Entry<String, Object> check : report.checks().entrySet()) {
            Object value = check.getValue();
            if (value instanceof Boolean b) {
                builder.withData(check.getKey(), b);
            } else if (value instanceof Number n) {
                builder.withData(check.getKey(), n.longValue());
            } else {
                builder.withData(check.getKey(), String.valueOf(value));
            }
        }
        return builder.build();
    }
}
