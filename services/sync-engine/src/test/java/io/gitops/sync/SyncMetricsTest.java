package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The rollback counters exist from the start, so that the rollback alert and panels have series before a rollback. */
class SyncMetricsTest {

    @Test
    void givenANewRegistry_whenTheMetricsAreCreated_thenARollbackCounterPerOutcomeExistsAtZeroAndCountsLater() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SyncMetrics metrics = new SyncMetrics(registry);

        // When
        metrics.rollback("rolled_back", 1_000);

        // Then
        assertThat(registry.get(SyncMetrics.ROLLBACKS).counters())
                .extracting(c -> c.getId().getTag("outcome") + "=" + c.count())
                .containsExactlyInAnyOrder("rolled_back=1.0", "failed=0.0", "no_healthy_revision=0.0", "stale=0.0",
                        "restore_failed=0.0");
    }

    @Test
    void givenANewRegistry_whenTheMetricsAreCreated_thenTheForbiddenSyncCounterExistsAtZeroUnderTheAlertsLowerCaseLabel() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When
        new SyncMetrics(registry);

        // Then (deploy/prometheus/rules/delivery.yml, GitopsSyncForbidden: reason="forbidden")
        assertThat(registry.get(SyncMetrics.SYNCS).tag("outcome", "failed").tag("reason", "forbidden").counter().count())
                .isZero();
    }
}
