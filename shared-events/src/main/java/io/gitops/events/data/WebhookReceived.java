package io.gitops.events.data;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/** {@code io.gitops.webhook.received.v1}: a GitHub delivery accepted by ingest (signature verified, not a duplicate). */
public record WebhookReceived(
        String deliveryId,
        String event,
        String action,
        String repository,
        Long installationId,
        String sender,
        Instant receivedAt,
        PushFields push,
        JsonNode payload) implements EventData {

    @Override
    @JsonIgnore
    public String partitionKey() {
        return repository == null ? "" : repository;
    }
}
