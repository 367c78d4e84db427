package io.gitops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A pipeline counter per outcome exists from the start: the failure alert has series before the first failure. */
class BuildMetricsTest {

    @Test
    void givenANewRegistry_whenTheMetricsAreCreated_thenAPipelineCounterPerOutcomeExistsAtZeroAndCountsLater() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BuildMetrics metrics = new BuildMetrics(registry);

        // When
        metrics.pipelineFinished("SUCCEEDED", Duration.ofSeconds(3));

        // Then
        assertThat(registry.get(BuildMetrics.PIPELINES).counters())
                .extracting(c -> c.getId().getTag("outcome") + "=" + c.count())
                .containsExactlyInAnyOrder("succeeded=1.0", "failed=0.0", "superseded=0.0", "cancelled=0.0");
    }
}
