package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderIT {

    private static final String SECRET = "It's a Secret to Everybody";

    private WebhookReceiver receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static PushNotification push() {
        GitIdentity dev = new GitIdentity("Dev Eloper", "dev@example.invalid");
        GitCommit head = new GitCommit("b".repeat(40), "c".repeat(40), "bump web", dev, dev,
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), List.of("a".repeat(40)),
                List.of(), List.of("apps/web/envs/dev/values.yaml"), List.of());
        return new PushNotification("acme/config", "refs/heads/main", "a".repeat(40), "b".repeat(40), false,
                List.of(head), Optional.of(head), dev, "http://127.0.0.1:1/git/acme/config.git", "main");
    }

    private static WebhookOptions fastRetries(URI url) {
        return WebhookOptions.of(url, SECRET).withRetries(3, Duration.ofMillis(50));
    }

    @Test
    void givenReceiverFailingOnceWith503_whenSendingAPush_thenItIsRedeliveredUnderTheSameIdAndSigned()
            throws Exception {
        receiver = WebhookReceiver.start(503, 202);
        try (WebhookSender sender = new WebhookSender(fastRetries(receiver.url()))) {

            WebhookDelivery delivery = sender.send(push()).get(20, TimeUnit.SECONDS);

            assertThat(delivery.delivered()).isTrue();
            assertThat(delivery.attempts()).isEqualTo(2);
            assertThat(delivery.lastStatus()).isEqualTo(OptionalInt.of(202));
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).hasSize(2);
            assertThat(received).extracting(WebhookReceiver.Received::deliveryId)
                    .containsOnly(delivery.deliveryId());
            WebhookReceiver.Received last = received.get(1);
            assertThat(last.event()).isEqualTo("push");
            assertThat(last.contentType()).isEqualTo("application/json");
            assertThat(last.userAgent()).isEqualTo("GitHub-Hookshot/local");
            assertThat(last.signature()).isEqualTo(WebhookSignature.sign(SECRET, last.body()));
            JsonNode payload = new ObjectMapper().readTree(last.body());
            assertThat(payload.path("repository").path("full_name").asText()).isEqualTo("acme/config");
            assertThat(payload.path("head_commit").path("timestamp").asText()).isEqualTo("2026-01-02T03:04:05+02:00");
        }
    }

    @Test
    void givenReceiverAnswering400_whenDelivering_thenItIsNotRetried() throws Exception {
        receiver = WebhookReceiver.start(400);
        try (WebhookSender sender = new WebhookSender(fastRetries(receiver.url()))) {

            WebhookDelivery delivery = sender.deliver("push", "fixed-id", "{}".getBytes());

            assertThat(delivery).isEqualTo(new WebhookDelivery("fixed-id", false, 1, OptionalInt.of(400)));
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void givenTheDefaultOptions_whenTheReceiverAnswers503_thenTheDeliveryIsAttemptedOnceAsOnGitHub() throws Exception {
        receiver = WebhookReceiver.start(503, 202);
        try (WebhookSender sender = new WebhookSender(WebhookOptions.of(receiver.url(), SECRET))) {

            WebhookDelivery delivery = sender.deliver("push", "id-once", "{}".getBytes());

            assertThat(delivery).isEqualTo(new WebhookDelivery("id-once", false, 1, OptionalInt.of(503)));
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void givenRetriesAskedFor_whenTheReceiverAnswers503Once_thenTheSecondAttemptDelivers() throws Exception {
        receiver = WebhookReceiver.start(503, 202);
        try (WebhookSender sender = new WebhookSender(WebhookOptions.of(receiver.url(), SECRET).withRetries(1))) {

            WebhookDelivery delivery = sender.deliver("push", "id-retried", "{}".getBytes());

            assertThat(delivery).isEqualTo(new WebhookDelivery("id-retried", true, 2, OptionalInt.of(202)));
            assertThatThrownBy(() -> WebhookOptions.of(receiver.url(), SECRET).withRetries(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenReceiverAlwaysFailing_whenDelivering_thenItGivesUpAfterMaxAttempts() throws Exception {
        receiver = WebhookReceiver.start(500, 500, 500, 500);
        try (WebhookSender sender = new WebhookSender(fastRetries(receiver.url()))) {

            WebhookDelivery delivery = sender.deliver("push", "id-1", "{}".getBytes());

            assertThat(delivery).isEqualTo(new WebhookDelivery("id-1", false, 3, OptionalInt.of(500)));
            assertThat(receiver.received()).hasSize(3);
        }
    }

    @Test
    void givenNothingListening_whenDelivering_thenEveryAttemptFailsToConnectAndItGivesUp() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + freePort + "/webhooks/github");
        try (WebhookSender sender = new WebhookSender(fastRetries(nowhere))) {

            WebhookDelivery delivery = sender.deliver("push", "id-2", "{}".getBytes());

            assertThat(delivery).isEqualTo(new WebhookDelivery("id-2", false, 3, OptionalInt.empty()));
        }
    }
}
