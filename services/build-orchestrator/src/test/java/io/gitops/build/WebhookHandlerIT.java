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
import io.gitops.kit.Outcome;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the webhook consumer does with records it cannot use: dead letters and duplicates. */
@WithKafka
@WithGitServer
class WebhookHandlerIT {

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
            WebhookHandler handler = Orchestrators.handler(orchestrator);
            RecordHeaders headers = new RecordHeaders();
            headers.add(CloudEventHeaders.SPEC_VERSION, "0.3".getBytes());
            ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>(Topics.WEBHOOK_RECEIVED, 0, 42L,
                    System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, "acme/quiet",
                    "{}".getBytes(), headers, Optional.empty());
            var unregistered = Webhooks.record(Webhooks.push("acme/nobody", "main", "ab".repeat(20)));

            Outcome<?> dead = handler.handle(garbage);
            handler.handle(unregistered);
            Outcome<?> repeated = handler.handle(unregistered);

            assertThat(dead).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                    p -> assertThat(p.reason()).contains("specversion"));
            assertThat(repeated).isEqualTo(Outcome.success(List.of()));
            var letters = broker.readUntil(List.of(Topics.deadLetterTopic(Topics.WEBHOOK_RECEIVED)),
                    r -> r.stream().anyMatch(x -> x.offset() >= 0 && "42".equals(EventCodec.header(x.headers(),
                            CloudEventHeaders.DLQ_ORIGINAL_OFFSET))), Duration.ofSeconds(30));
            assertThat(letters).anySatisfy(x -> assertThat(EventCodec.header(x.headers(),
                    CloudEventHeaders.DLQ_REASON)).contains("specversion"));
        }
    }
}
