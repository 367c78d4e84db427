package io.gitops.health.metrics;

import static org.assertj.core.api.Assertions.assertThat;

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
}
