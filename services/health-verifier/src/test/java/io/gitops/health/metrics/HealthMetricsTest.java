package io.gitops.health.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.gitops.health.model.AppEnv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The meters without app/env tags exist from the start, so that dashboards and alerts have series before events. */
class HealthMetricsTest {

    @Test
    void givenANewRegistry_whenTheMetricsAreCreated_thenSyncRecordHaltAndPublishFailureCountersExistAtZero() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When
        new HealthMetrics(registry);

        // Then
        assertThat(HealthMetrics.SYNC_RECORD_OUTCOMES).containsExactlyInAnyOrder("watched", "ignored");
        HealthMetrics.SYNC_RECORD_OUTCOMES.forEach(outcome -> assertThat(registry.get(HealthMetrics.SYNC_RECORDS)
                .tag("outcome", outcome).counter().count()).isZero());
        HealthMetrics.HALT_OUTCOMES.forEach(outcome -> assertThat(registry.get(HealthMetrics.HALTS)
                .tag("outcome", outcome).counter().count()).isZero());
        assertThat(registry.get(HealthMetrics.PUBLISH_FAILURES).counter().count()).isZero();
    }

    @Test
    void givenAnAppEnvWithoutARestoreFailure_whenItsFirstVerdictIsCounted_thenItsRestoreFailureSeriesExistsAtZero() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HealthMetrics metrics = new HealthMetrics(registry);

        // When
        metrics.verdict(new AppEnv("shop", "staging"), "healthy", "none", "release", Duration.ofSeconds(3));

        // Then: a later first restore failure is an increase() from 0, so GitopsRestoreFailed sees it
        assertThat(registry.get(HealthMetrics.RESTORE_FAILURES).tag("app", "shop").tag("env", "staging").counter()
                .count()).isZero();
    }
}
