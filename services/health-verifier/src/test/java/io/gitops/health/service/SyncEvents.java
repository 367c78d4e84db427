package io.gitops.health.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.EventData;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.health.model.AppEnv;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the sync engine would publish, and reading back what the verifier published. */
final class SyncEvents {

    private SyncEvents() {
    }

    static Event<SyncSucceeded> applied(AppEnv app, String namespace, String revision, String image) {
        String tag = image.substring(image.lastIndexOf(':') + 1);
        return Event.of(new SyncSucceeded(app.app(), app.env(), namespace, revision, null, "sha256:" + revision,
                List.of(image), tag, Instant.now().minusSeconds(300), 3, 0, true, 250, SyncTrigger.CONFIG_CHANGED,
                Instant.now())).idFrom("sync", app.key(), revision).source("sync-engine").correlationId(tag).build();
    }

    static void publish(KafkaTestBroker broker, Event<?> event) {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()),
                "test-sync-engine", Duration.ofSeconds(5), Map.of())) {
            publisher.publish(event);
        }
    }

    /** Waits until the rollout topic holds an event of {@code type} for {@code revision}, and returns it. */
    static <T extends EventData> Optional<T> awaitRollout(KafkaTestBroker broker, Class<T> type, String revision) {
        List<ConsumerRecord<String, byte[]>> records = broker.readUntil(List.of(Topics.ROLLOUT),
                read -> find(read, type, revision).isPresent(), Duration.ofSeconds(40));
        return find(records, type, revision);
    }

    private static <T extends EventData> Optional<T> find(List<ConsumerRecord<String, byte[]>> records, Class<T> type,
                                                         String revision) {
        return records.stream().map(EventCodec::decode).map(Event::data).filter(type::isInstance).map(type::cast)
                .filter(d -> revision.equals(revisionOf(d))).findFirst();
    }

    private static String revisionOf(EventData data) {
        return EventCodec.mapper().valueToTree(data).path("revision").asText();
    }
}
