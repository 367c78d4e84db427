package io.gitops.build.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redelivery of failed App webhook deliveries against WireMock answering in the shapes of GitHub's REST description
 * ({@code hook-delivery-item}: id, guid, delivered_at, redelivery, duration, status, status_code, event, action,
 * installation_id, repository_id; {@code POST .../attempts} answers 202).
 */
class FailedDeliveriesTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static KeyPair keys;

    WireMockServer github;
    FailedDeliveries deliveries;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        github.stubFor(post(urlPathMatching("/app/hook/deliveries/\\d+/attempts")).willReturn(aResponse()
                .withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
        deliveries = new FailedDeliveries(HttpClient.newHttpClient(), URI.create(github.baseUrl()), "123456",
                keys.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    static String item(long id, String guid, String at, boolean redelivery, int status, String event) {
        return """
                {"id":%d,"guid":"%s","delivered_at":"%s","redelivery":%s,"duration":0.03,"status":"%s",
                 "status_code":%d,"event":"%s","action":null,"installation_id":123,"repository_id":42}"""
                .formatted(id, guid, at, redelivery, status == 200 ? "OK" : "Invalid HTTP Response: " + status,
                        status, event);
    }

    void list(String... items) {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("[" + String.join(",", items) + "]")));
    }

    @Test
    void givenAPushDeliveryIngestAnswered503_whenRedelivering_thenGitHubIsAskedToRedeliverItOnce() throws Exception {
        list(item(3, "g-ok", "2026-12-02T09:59:00Z", false, 202, "push"),
                item(2, "g-failed", "2026-12-02T09:58:00Z", false, 503, "push"),
                item(5, "g-recovered", "2026-12-02T09:57:30Z", true, 202, "push"),
                item(1, "g-recovered", "2026-12-02T09:57:00Z", false, 502, "push"));

        FailedDeliveries.Pass first = deliveries.redeliver();
        FailedDeliveries.Pass second = deliveries.redeliver();

        assertThat(first).isEqualTo(new FailedDeliveries.Pass(4, 1, 1, 0));
        assertThat(second).isEqualTo(new FailedDeliveries.Pass(4, 1, 0, 0));
        github.verify(1, postRequestedFor(urlPathEqualTo("/app/hook/deliveries/2/attempts")));
        github.verify(1, postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts")));
        LoggedRequest listed = github.findAll(getRequestedFor(urlPathEqualTo("/app/hook/deliveries"))).get(0);
        assertThat(listed.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(verifies(listed.getHeader("Authorization"))).as("an RS256 JWT signed by the App's key").isTrue();
    }

    @Test
    void givenAFailedDeliveryOlderThanTheWindow_whenRedelivering_thenItIsLeftAlone() {
        list(item(2, "g-old", "2026-12-02T08:00:00Z", false, 503, "push"));

        FailedDeliveries.Pass pass = deliveries.redeliver();

        assertThat(pass.failedEvents()).isZero();
        github.verify(0, postRequestedFor(urlPathMatching("/app/hook/deliveries/\\d+/attempts")));
    }

    @Test
    void givenASecondPage_whenRedelivering_thenTheCursorIsFollowedOnTheSameHostOnly() {
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100")).willReturn(aResponse().withStatus(200)
                .withHeader("Link", "<" + github.baseUrl() + "/app/hook/deliveries?per_page=100&cursor=v1_2>; "
                        + "rel=\"next\"")
                .withBody("[" + item(4, "g-a", "2026-12-02T09:59:00Z", false, 202, "push") + "]")));
        github.stubFor(get(urlEqualTo("/app/hook/deliveries?per_page=100&cursor=v1_2")).willReturn(aResponse()
                .withStatus(200).withHeader("Link", "<https://elsewhere.invalid/app/hook/deliveries?cursor=x>; "
                        + "rel=\"next\"")
                .withBody("[" + item(3, "g-b", "2026-12-02T09:58:00Z", false, 500, "push") + "]")));

        FailedDeliveries.Pass pass = deliveries.redeliver();

        assertThat(pass).isEqualTo(new FailedDeliveries.Pass(2, 1, 1, 0));
        github.verify(1, postRequestedFor(urlPathEqualTo("/app/hook/deliveries/3/attempts")));
    }

    @Test
    void givenGitHubRefusingARedelivery_whenRedelivering_thenItIsCountedAndNotAskedAgain() {
        list(item(7, "g-gone", "2026-12-02T09:59:00Z", false, 503, "push"));
        github.stubFor(post(urlPathEqualTo("/app/hook/deliveries/7/attempts")).willReturn(aResponse()
                .withStatus(422).withBody("{\"message\":\"Validation Failed\"}")));

        FailedDeliveries.Pass first = deliveries.redeliver();
        FailedDeliveries.Pass second = deliveries.redeliver();

        assertThat(first.refused()).isEqualTo(1);
        assertThat(second.refused()).isZero();
    }

    @Test
    void givenGitHubDown_whenRedelivering_thenItFailsTransientlyAndTheNextPassAsksAgain() {
        github.stubFor(get(urlPathEqualTo("/app/hook/deliveries")).willReturn(aResponse().withStatus(502)));

        assertThatThrownBy(deliveries::redeliver).isInstanceOf(IllegalStateException.class).hasMessageContaining("502");
        list(item(9, "g-late", "2026-12-02T09:59:00Z", false, 503, "push"));
        assertThat(deliveries.redeliver().redelivered()).isEqualTo(1);
    }

    @Test
    void givenARedeliveryAnswered503_whenRedelivering_thenThePassFailsAndTheEventIsAskedForAgain() {
        list(item(8, "g-retry", "2026-12-02T09:59:00Z", false, 503, "push"));
        github.stubFor(post(urlPathEqualTo("/app/hook/deliveries/8/attempts")).willReturn(aResponse()
                .withStatus(503)));

        assertThatThrownBy(deliveries::redeliver).isInstanceOf(IllegalStateException.class);
        github.stubFor(post(urlPathEqualTo("/app/hook/deliveries/8/attempts")).willReturn(aResponse()
                .withStatus(202)));
        assertThat(deliveries.redeliver().redelivered()).isEqualTo(1);
    }

    static boolean verifies(String authorization) throws Exception {
        assertThat(authorization).startsWith("Bearer ");
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"iss\":\"123456\"");
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(keys.getPublic());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }
}
