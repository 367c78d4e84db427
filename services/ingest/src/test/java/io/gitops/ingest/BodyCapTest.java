package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import io.gitops.events.Topics;
import io.gitops.events.Topics.TopicSpec;
import org.junit.jupiter.api.Test;

class BodyCapTest {

    private static final TopicSpec WEBHOOK = Topics.spec(Topics.WEBHOOK_RECEIVED).orElseThrow();

    @Test
    void givenNoConfiguredCap_whenResolved_thenItIsTheLargestBodyTheTopicAllowsGitHubsMaximum() {
        BodyCap cap = BodyCap.of(WEBHOOK, Optional.empty());

        assertThat(cap.maxBodyBytes()).isEqualTo(Topics.GITHUB_MAX_PAYLOAD_BYTES).isEqualTo(26_214_400L);
        assertThat(cap.topic()).isEqualTo(Topics.WEBHOOK_RECEIVED);
        assertThat(cap.topicMaxMessageBytes()).isEqualTo(WEBHOOK.maxMessageBytes());
    }

    @Test
    void givenALowerConfiguredCap_whenResolved_thenItIsKept() {
        BodyCap cap = BodyCap.of(WEBHOOK, Optional.of(65_536L));

        assertThat(cap.maxBodyBytes()).isEqualTo(65_536L);
    }

    @Test
    void givenACapHigherThanTheTopicAllows_whenResolved_thenStartIsRefusedNamingTheTopicAndBothLimits() {
        assertThatThrownBy(() -> BodyCap.of(WEBHOOK, Optional.of(40L * 1024 * 1024)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gitops.ingest.max-body-bytes=41943040 is higher than topic "
                        + Topics.WEBHOOK_RECEIVED)
                .hasMessageContaining("records up to " + WEBHOOK.maxMessageBytes() + " bytes")
                .hasMessageContaining("bodies up to " + Topics.GITHUB_MAX_PAYLOAD_BYTES + " bytes");
    }

    @Test
    void givenATopicDeclaredWithKafkasDefault_whenAnyCapIsResolved_thenStartIsRefused() {
        TopicSpec small = new TopicSpec("small", "k", 1, Duration.ofDays(1));

        assertThatThrownBy(() -> BodyCap.of(small, Optional.of(1024L))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("higher than topic small");
    }

    @Test
    void givenANonPositiveCap_whenResolved_thenStartIsRefused() {
        assertThatThrownBy(() -> BodyCap.of(WEBHOOK, Optional.of(0L))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be positive");
    }
}
