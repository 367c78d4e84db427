package io.gitops.bumper.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.events.Topics;
import io.gitops.kit.config.ServiceSettings;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** What the bumper declares to the service kit: its topics, and so its shared consumer metrics. */
class BumperLifecycleTest {

    @Test
    void givenANewRegistry_whenTheLifecycleIsDeclared_thenADeadLetterCounterPerConsumedTopicExistsAtZero() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        // When
        BumperRuntime.lifecycle(KafkaClientSettings.of("localhost:1"), ServiceSettings.defaults(), registry).build();

        // Then
        assertThat(registry.get(ConsumerMetrics.DEAD_LETTERS).tag("reason", "permanent").counters())
                .extracting(c -> c.getId().getTag("topic") + "=" + c.count())
                .containsExactlyInAnyOrder(Topics.ARTIFACT_PUBLISHED + "=0.0", Topics.ROLLOUT + "=0.0");
    }

    @Test
    void givenTheDeclaration_whenItsTopicsAreListed_thenTheyAreTheInputsTheirDeadLetterTopicsAndConfigChanged() {
        ServiceLifecycle lifecycle = BumperRuntime.lifecycle(KafkaClientSettings.of("localhost:1"),
                ServiceSettings.defaults(), new SimpleMeterRegistry()).build();

        var topics = lifecycle.topicSpecs();

        assertThat(topics).extracting(Topics.TopicSpec::name).containsExactlyInAnyOrder(Topics.ARTIFACT_PUBLISHED,
                Topics.deadLetterTopic(Topics.ARTIFACT_PUBLISHED), Topics.ROLLOUT,
                Topics.deadLetterTopic(Topics.ROLLOUT), Topics.CONFIG_CHANGED);
    }
}
