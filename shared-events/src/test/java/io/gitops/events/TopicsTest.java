package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.gitops.events.Topics.TopicSpec;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void givenTheWebhookTopic_whenItsLimitIsRead_thenItCoversGitHubsLargestPayloadPlusTheEnvelope() {
        TopicSpec webhook = Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow();

        assertThat(webhook.maxMessageBytes())
                .isEqualTo(Topics.GITHUB_MAX_PAYLOAD_BYTES + Topics.WEBHOOK_ENVELOPE_BYTES)
                .isGreaterThan(25 * 1024 * 1024);
    }

    @Test
    void givenEveryTopic_whenItsDeadLetterTopicIsDerived_thenItTakesTheRecordLimitPlusRoomForTheDeadLetterHeaders() {
        for (TopicSpec spec : Topics.ALL) {
            TopicSpec dlq = spec.deadLetter();

            assertThat(dlq.name()).isEqualTo(spec.name() + Topics.DLQ_SUFFIX);
            assertThat(dlq.maxMessageBytes()).isEqualTo(spec.maxMessageBytes() + Topics.DEAD_LETTER_HEADROOM_BYTES);
            assertThat(dlq.partitions()).isEqualTo(1);
        }
    }

    @Test
    void givenTopicsDeclaredWithoutALimit_whenRead_thenTheyKeepKafkasDefault() {
        assertThat(Topics.spec(Topics.SYNC).orElseThrow().maxMessageBytes()).isEqualTo(Topics.DEFAULT_MAX_MESSAGE_BYTES);
        assertThat(new TopicSpec("t", "k", 1, Duration.ofDays(1)).maxMessageBytes())
                .isEqualTo(Topics.DEFAULT_MAX_MESSAGE_BYTES);
    }

    @Test
    void givenTheDeclarations_whenTheLargestLimitIsAsked_thenItIsTheWebhookDeadLetterTopics() {
        assertThat(Topics.largestMaxMessageBytes())
                .isEqualTo(Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow().deadLetter().maxMessageBytes());
    }

    @Test
    void givenANonPositiveLimit_whenDeclared_thenItIsRefused() {
        assertThatThrownBy(() -> new TopicSpec("t", "k", 1, Duration.ofDays(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxMessageBytes of t");
    }
}
