package io.gitops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.gitops.events.data.WebhookReceived;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

    static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    static final String AFTER = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    static String push(String ref, String before, String after) {
        return """
                {"ref":"%s","before":"%s","after":"%s","created":false,"deleted":false,"forced":true,
                 "repository":{"full_name":"acme/shop"},"installation":{"id":4711},"sender":{"login":"octocat"},
                 "pusher":{"name":"octo"},
                 "head_commit":{"id":"%s","timestamp":"2026-11-27T10:59:58+01:00","message":"Add totals"}}
                """.formatted(ref, before, after, after);
    }

    private static WebhookParser.Result parse(String event, String delivery, String body) {
        return WebhookParser.parse(event, delivery, body.getBytes(StandardCharsets.UTF_8), AT);
    }

    @Test
    void givenAPush_whenParsed_thenTheEnvelopeAndNormalisedPushFieldsAreFilled() {
        var result = parse("push", "d-1", push("refs/heads/main", "0".repeat(40), AFTER));

        WebhookReceived delivery = ((WebhookParser.Parsed) result).delivery();
        assertThat(delivery.deliveryId()).isEqualTo("d-1");
        assertThat(delivery.repository()).isEqualTo("acme/shop");
        assertThat(delivery.installationId()).isEqualTo(4711L);
        assertThat(delivery.sender()).isEqualTo("octocat");
        assertThat(delivery.receivedAt()).isEqualTo(AT);
        assertThat(delivery.push().branch()).isEqualTo("main");
        assertThat(delivery.push().after()).isEqualTo(AFTER);
        assertThat(delivery.push().forced()).isTrue();
        assertThat(delivery.push().headCommitTime()).isEqualTo(Instant.parse("2026-11-27T09:59:58Z"));
        assertThat(delivery.push().headCommitMessage()).isEqualTo("Add totals");
        assertThat(delivery.push().pusher()).isEqualTo("octo");
        assertThat(delivery.payload().path("head_commit").path("id").asText()).isEqualTo(AFTER);
        assertThat(WebhookRoute.commitOf(delivery)).isEqualTo(AFTER);
    }

    @Test
    void givenABranchDeletionWithoutDeletedFlag_whenParsed_thenDeletedIsDerivedFromTheZeroSha() {
        var result = parse("push", "d-2", "{\"ref\":\"refs/tags/v1\",\"before\":\"" + AFTER + "\",\"after\":\"" + "0".repeat(40) + "\"}");

        WebhookReceived delivery = ((WebhookParser.Parsed) result).delivery();
        assertThat(delivery.push().deleted()).isTrue();
        assertThat(delivery.push().branch()).isNull();
        assertThat(delivery.push().headCommitTime()).isNull();
        assertThat(delivery.repository()).isNull();
    }

    @Test
    void givenAWorkflowRun_whenParsed_thenThereAreNoPushFieldsAndTheHeadShaIsTheCommit() {
        var result = parse("workflow_run", "d-3", "{\"action\":\"completed\",\"workflow_run\":{\"head_sha\":\"" + AFTER + "\"}}");

        WebhookReceived delivery = ((WebhookParser.Parsed) result).delivery();
        assertThat(delivery.action()).isEqualTo("completed");
        assertThat(delivery.push()).isNull();
        assertThat(delivery.installationId()).isNull();
        assertThat(WebhookRoute.commitOf(delivery)).isEqualTo(AFTER);
    }

    @Test
    void givenAPullRequestOrAnEventWithoutCommit_whenCorrelated_thenTheHeadShaOrNothingIsUsed() {
        var pr = ((WebhookParser.Parsed) parse("pull_request", "d-4", "{\"pull_request\":{\"head\":{\"sha\":\"abc\"}}}")).delivery();
        var other = ((WebhookParser.Parsed) parse("create", "d-5", "{\"ref\":\"x\"}")).delivery();

        assertThat(WebhookRoute.commitOf(pr)).isEqualTo("abc");
        assertThat(WebhookRoute.commitOf(other)).isNull();
    }

    @Test
    void givenABadTimestamp_whenParsed_thenTheTimeIsLeftOutRatherThanRejected() {
        var result = parse("push", "d-6", push("refs/heads/main", AFTER, AFTER).replace("2026-11-27T10:59:58+01:00", "soon"));

        assertThat(((WebhookParser.Parsed) result).delivery().push().headCommitTime()).isNull();
    }

    @Test
    void givenBodiesThatAreNotUsable_whenParsed_thenEachIsMalformedWithItsReason() {
        assertThat(parse("push", "d", "{not json")).isEqualTo(new WebhookParser.Malformed("body is not valid JSON"));
        assertThat(parse("push", "d", "[1,2]")).isEqualTo(new WebhookParser.Malformed("body is not a JSON object"));
        assertThat(parse("push", "d", "")).isEqualTo(new WebhookParser.Malformed("body is not a JSON object"));
        assertThat(parse("push", "d", "{\"ref\":1}")).isEqualTo(new WebhookParser.Malformed("push payload lacks ref or after"));
    }

    @Test
    void givenMissingOrOddHeaders_whenParsed_thenTheHeaderIsNamed() {
        assertThat(parse(null, "d", "{}")).isEqualTo(new WebhookParser.Malformed("missing X-GitHub-Event header"));
        assertThat(parse("Push!", "d", "{}")).isEqualTo(new WebhookParser.Malformed("X-GitHub-Event is not an event name"));
        assertThat(parse("push", " ", "{}")).isEqualTo(new WebhookParser.Malformed("missing X-GitHub-Delivery header"));
        assertThat(parse("push", "../../etc", "{}")).isEqualTo(new WebhookParser.Malformed("X-GitHub-Delivery is not a delivery id"));
    }
}
