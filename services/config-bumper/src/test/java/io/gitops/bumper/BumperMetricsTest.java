package io.gitops.bumper;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.events.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The dead-letter counters exist from the start, so that the dead-letter panel has series before the first one. */
class BumperMetricsTest {

    @Test
    void givenANewRegistry_whenTheMetricsAreCreated_thenADeadLetterCounterPerConsumedTopicExistsAtZero() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When
        new BumperMetrics(registry);

        // Then
        assertThat(registry.get(BumperMetrics.DEAD_LETTERS).counters())
                .extracting(c -> c.getId().getTag("topic") + "=" + c.count())
                .containsExactlyInAnyOrder(Topics.ARTIFACT_PUBLISHED + "=0.0", Topics.ROLLOUT + "=0.0");
    }
}
