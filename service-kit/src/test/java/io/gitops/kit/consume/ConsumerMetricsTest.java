package io.gitops.kit.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ConsumerMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void givenDeclaredTopics_whenCreated_thenEverySeriesExistsAtZeroForDashboardsAndAlerts() {
        new ConsumerMetrics(registry, "sync-engine", List.of("gitops.rollout.v1"));

        assertThat(registry.get(ConsumerMetrics.DEAD_LETTERS).tags("service", "sync-engine", "topic",
                "gitops.rollout.v1").counters()).hasSize(DeadLetterReason.values().length);
        assertThat(registry.get(ConsumerMetrics.RECORDS).counters()).hasSize(ConsumerMetrics.Result.values().length);
        assertThat(registry.get(ConsumerMetrics.DUPLICATES).counter().count()).isZero();
        assertThat(registry.get(ConsumerMetrics.RETRIES).counter().count()).isZero();
    }

    @Test
    void givenADeadLetter_whenCounted_thenItIsTaggedWithServiceTopicAndReasonAndCountsAsARecordResult() {
        ConsumerMetrics metrics = new ConsumerMetrics(registry, "config-bumper", List.of());

        metrics.deadLettered("gitops.artifact.published.v1", DeadLetterReason.PERMANENT);

        assertThat(registry.get(ConsumerMetrics.DEAD_LETTERS).tags("service", "config-bumper", "topic",
                "gitops.artifact.published.v1", "reason", "permanent").counter().count()).isEqualTo(1);
        assertThat(registry.get(ConsumerMetrics.RECORDS).tag("result", "dead_lettered").counter().count())
                .isEqualTo(1);
    }

    @Test
    void givenDuplicatesAndRetries_whenCounted_thenEachHasItsOwnSeries() {
        ConsumerMetrics metrics = new ConsumerMetrics(registry, "health-verifier", List.of("gitops.sync.v1"));

        metrics.duplicate("gitops.sync.v1");
        metrics.retried("gitops.sync.v1");
        metrics.retried("gitops.sync.v1");

        assertThat(metrics.duplicateCount("gitops.sync.v1")).isEqualTo(1);
        assertThat(metrics.retryCount("gitops.sync.v1")).isEqualTo(2);
        assertThat(registry.get(ConsumerMetrics.RECORDS).tag("result", "duplicate").counter().count()).isEqualTo(1);
    }
}
