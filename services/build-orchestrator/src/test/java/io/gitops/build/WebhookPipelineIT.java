package io.gitops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.image.JibBuilder;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.CloudEventHeaders;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.consume.DeadLetterReason;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the webhook consumer's pipeline does with records it cannot use: dead letters and duplicates, counted by the
 * shared consumer metrics.
 */
@WithKafka
@WithGitServer
class WebhookPipelineIT {

    @TempDir
    Path temp;

    @Test
    void givenAnUnreadableRecordAndARepeatedEvent_whenHandled_thenOneIsDeadLetteredAndTheOtherSkipped(
            KafkaTestBroker broker, LocalGitServer git) {
        git.createRepository("gitops", "config-handler", "main", Map.of("apps/quiet/app.yaml",
                SampleApp.appYaml("quiet", "acme/quiet", "127.0.0.1:1/acme/quiet", "true", "")));
        try (BuildOrchestrator orchestrator = Orchestrators.start(Orchestrators.settings(broker.bootstrapServers(),
                temp.resolve("work"), git.repoUrl("gitops", "config-handler"), git.url() + "/{repo}.git",
                new JibBuilder(), Orchestrators.oci(), List.of(), 1))) {
            RecordPipeline handler = Orchestrators.handler(orchestrator);
            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.SPEC_VERSION, "0.3".getBytes());
            ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.WEBHOOK_RECEIVED, 0, 42L,
                    System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, "acme/quiet",
                    "{}".getBytes(), headers, Optional.empty());
            var unregistered = Webhooks.record(Webhooks.push("acme/nobody", "main", "ab".repeat(20)));

            Handled dead = handler.handle(garbage);
            handler.handle(unregistered);
            Handled repeated = handler.handle(unregistered);

            assertThat(dead).isInstanceOfSatisfying(Handled.DeadLettered.class, d -> {
                assertThat(d.reason()).contains("specversion");
                assertThat(d.kind()).isEqualTo(DeadLetterReason.UNDECODABLE);
            });
            assertThat(repeated).isInstanceOf(Handled.Duplicate.class);
            var metrics = orchestrator.lifecycle().consumerMetrics();
            assertThat(metrics.duplicateCount(Topics.WEBHOOK_RECEIVED)).isEqualTo(1.0);
            assertThat(metrics.deadLetterCount(Topics.WEBHOOK_RECEIVED, DeadLetterReason.UNDECODABLE))
                    .isEqualTo(1.0);
            var letters = broker.readUntil(List.of(Topics.deadLetterTopic(Topics.WEBHOOK_RECEIVED)),
                    r -> r.stream().anyMatch(x -> x.offset() >= 0 && "42".equals(EventCodec.header(x.headers(),
                            CloudEventHeaders.DLQ_ORIGINAL_OFFSET))), Duration.ofSeconds(30));
            assertThat(letters).anySatisfy(x -> assertThat(EventCodec.header(x.headers(),
                    CloudEventHeaders.DLQ_REASON)).contains("specversion"));
        }
    }
}
