package io.gitops.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.gitops.events.Event;
import io.gitops.events.EventIds;
import io.gitops.events.Topics;
import io.gitops.events.data.WebhookReceived;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;

/**
 * The broker as a previous run of ingest left it: a delivery accepted before the restart is already on the topic
 * when the service starts.
 */
public class PreviousRunResource extends KafkaTestResource {

    static final String DELIVERED_BEFORE_RESTART = "delivered-before-restart";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        KafkaTestBroker broker = KafkaTestBroker.shared();
        broker.createTopic(Topics.WEBHOOK_RECEIVED, 6);
        var data = new WebhookReceived(DELIVERED_BEFORE_RESTART, "push", null, "acme/shop", null, null,
                Instant.now().minusSeconds(3600), null, JsonNodeFactory.instance.objectNode());
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()),
                "previous-run", Duration.ofSeconds(10), Map.of())) {
            publisher.publish(Event.of(data).id(EventIds.stable("webhook", DELIVERED_BEFORE_RESTART))
                    .source("ingest").deliveryId(DELIVERED_BEFORE_RESTART).build());
        }
        return config;
    }
}
