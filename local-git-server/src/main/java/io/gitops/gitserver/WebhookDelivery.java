package io.gitops.gitserver;

import java.util.OptionalInt;

/**
 * The outcome of one webhook delivery.
 *
 * @param deliveryId the {@code X-GitHub-Delivery} id, the same on every attempt
 * @param delivered  whether the receiver answered 2xx
 * @param attempts   how many attempts were made
 * @param lastStatus the last HTTP status received, empty when the last attempt got no response
 */
public record WebhookDelivery(String deliveryId, boolean delivered, int attempts, OptionalInt lastStatus) {
}
