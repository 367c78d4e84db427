package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.OLD_TAG;
import static io.gitops.bumper.Fixtures.QUARANTINE;
import static io.gitops.bumper.Fixtures.SHOP_STAGING;
import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.WEB_STAGING;
import static io.gitops.bumper.Fixtures.sha;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.bumper.testing.Pipelines;
import io.gitops.events.CloudEventHeaders;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventIds;
import io.gitops.events.Topics;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.registry.OciLayouts;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole service on the in-JVM broker and a real Git server: events in, commits and events out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value =
        "gitops.artifact.published.v1:6,gitops.rollout.v1:6,gitops.config.changed.v1:6,gitops.pipeline.v1:6,"
                + "gitops.artifact.published.v1.dlq:1,gitops.rollout.v1.dlq:1"))
@WithTestResource(GitServerResource.class)
class BumperServiceIT {

    static final Duration WAIT = Duration.ofSeconds(60);
    static EventPublisher publisher;

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @BeforeAll
    static void publisher() {
        publisher = EventPublisher.create(KafkaClientSettings.of(KafkaTestBroker.shared().bootstrapServers()),
                "bumper-service-it", Duration.ofSeconds(10), Map.of());
    }

    @AfterAll
    static void closePublisher() {
        publisher.close();
    }

    @Test
    void givenAnArtifactPublished_whenConsumed_thenTheTagIsCommittedToGitAndConfigChangedIsPublished()
            throws IOException {
        String tag = sha("service-it-shop");
        String digest = OciLayouts.stage(GitServerResource.images().resolve("shop"), tag, "{\"schemaVersion\":2}");
        Event<?> artifact = Fixtures.artifact("shop", tag, T0.plusSeconds(600));

        publisher.publish(artifact);
        publisher.publish(Pipelines.succeeded("shop", tag));

        Awaitility.await().atMost(WAIT).until(() -> file(SHOP_STAGING).contains(tag));
        assertThat(file(SHOP_STAGING)).isEqualTo(Fixtures.values(tag, digest));
        String commit = GitServerResource.server().log(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH).stream()
                .filter(c -> c.message().contains("Gitops-Tag: " + tag)).findFirst().orElseThrow().sha();
        Event<?> changed = awaitConfigChanged(e -> tag.equals(e.data().newTag()) && "staging".equals(e.data().env()));
        assertThat(changed.id()).isEqualTo(EventIds.stable("config.changed", "shop", "staging", commit));
        assertThat(changed.causationId()).isEqualTo(artifact.id());
        assertThat(changed.source().toString()).isEqualTo("/gitops/config-bumper");
        ConfigChanged data = (ConfigChanged) changed.data();
        assertThat(data.commit()).isEqualTo(commit);
        assertThat(data.cause()).isEqualTo(ChangeCause.BUMP);
        assertThat(data.repo()).isEqualTo("acme/gitops-config");
    }

    @Test
    void givenARolloutFailure_whenConsumed_thenTheRevertAndQuarantineAreOneCommitAndConfigChangedSaysRevert() {
        String bad = sha("service-it-bad");
        GitServerResource.server().commitAsOutsider(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH,
                Map.of(WEB_STAGING, "app:\n  image:\n    tag: " + bad + "\n"), "Deploy web " + bad);

        publisher.publish(Fixtures.rolloutFailed("web", "staging", bad, OLD_TAG));

        Awaitility.await().atMost(WAIT).until(() -> file(QUARANTINE).contains(bad));
        assertThat(file(WEB_STAGING)).isEqualTo("app:\n  image:\n    tag: " + OLD_TAG + "\n");
        Event<?> changed = awaitConfigChanged(e -> bad.equals(e.data().quarantinedTag()));
        ConfigChanged data = (ConfigChanged) changed.data();
        assertThat(data.cause()).isEqualTo(ChangeCause.REVERT);
        assertThat(data.oldTag()).isEqualTo(bad);
        assertThat(data.newTag()).isEqualTo(OLD_TAG);
        assertThat(GitServerResource.server().log(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH).get(0)
                .changedPaths()).containsExactlyInAnyOrder(WEB_STAGING, QUARANTINE);
    }

    @Test
    void givenAnArtifactOfAnUnknownApp_whenConsumed_thenItIsDeadLetteredWithTheReason() {
        Event<?> artifact = Fixtures.artifact("nosuchapp", sha("service-it-unknown"), T0);

        publisher.publish(Pipelines.succeeded("nosuchapp", sha("service-it-unknown")));
        publisher.publish(artifact);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(Topics.deadLetterTopic(Topics.ARTIFACT_PUBLISHED),
                artifact.id());
        assertThat(EventCodec.header(dead.headers(), CloudEventHeaders.DLQ_REASON))
                .contains("unknown application 'nosuchapp'");
        assertThat(EventCodec.header(dead.headers(), CloudEventHeaders.DLQ_CONSUMER)).isEqualTo("config-bumper");
    }

    @Test
    void givenForgedArtifacts_whenConsumed_thenEachIsDeadLetteredWithItsReasonCountedAndNoneBecomesACommit()
            throws IOException {
        String genuine = sha("service-it-forged-base");
        OciLayouts.stage(GitServerResource.images().resolve("shop"), genuine, "{\"schemaVersion\":2,\"a\":1}");
        publisher.publish(Pipelines.succeeded("shop", genuine));
        String notInRegistry = sha("service-it-not-in-registry");
        publisher.publish(Pipelines.succeeded("shop", notInRegistry));
        String noPipeline = sha("service-it-no-pipeline");
        OciLayouts.stage(GitServerResource.images().resolve("shop"), noPipeline, "{\"schemaVersion\":2,\"b\":1}");
        String repository = "registry.local:5000/shop";
        Map<Event<?>, String> forged = new java.util.LinkedHashMap<>();
        forged.put(Fixtures.artifact("shop", genuine, T0, repository, null, genuine, "intruder"),
                "from /gitops/intruder, not from the build-orchestrator");
        forged.put(Fixtures.artifact("shop", "latest", T0, repository, null, genuine, "build-orchestrator"),
                "tag 'latest' is not a full 40-hex commit SHA");
        forged.put(Fixtures.artifact("shop", genuine.substring(0, 12), T0, repository, null, genuine,
                "build-orchestrator"), "is not a full 40-hex commit SHA");
        forged.put(Fixtures.artifact("shop", genuine, T0, repository, null, sha("another-commit"),
                "build-orchestrator"), "is not the source commit");
        forged.put(Fixtures.artifact("shop", genuine, T0, "evil.example/shop", null, genuine, "build-orchestrator"),
                "image repository 'evil.example/shop' is not shop's");
        forged.put(Fixtures.artifact("shop", genuine, T0, repository, "sha256:" + "ab".repeat(32), genuine,
                "build-orchestrator"), "the registry names");
        forged.put(Fixtures.artifact("shop", notInRegistry, T0, repository, null, notInRegistry,
                "build-orchestrator"), "the registry does not have");
        forged.put(Fixtures.artifact("shop", noPipeline, T0, repository, null, noPipeline, "build-orchestrator"),
                "no pipeline.finished of the build-orchestrator for shop@" + noPipeline);

        forged.keySet().forEach(publisher::publish);

        forged.forEach((event, reason) -> assertThat(EventCodec.header(awaitDeadLetter(Topics.deadLetterTopic(
                Topics.ARTIFACT_PUBLISHED), event.id()).headers(), CloudEventHeaders.DLQ_REASON))
                .as(reason).contains("refused: ", reason));
        for (String reason : List.of("source", "tag", "commit", "repository", "digest", "pipeline")) {
            given().when().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.matchesPattern(
                    "(?s).*gitops_bumper_artifacts_refused_total\\{reason=\"" + reason + "\"[^}]*} [1-9].*"));
        }
        assertThat(GitServerResource.server().log(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH))
                .noneMatch(c -> c.message().contains(genuine) || c.message().contains(notInRegistry)
                        || c.message().contains(noPipeline));
    }

    @Test
    void givenARolloutFailureFromAnotherSource_whenConsumed_thenItIsDeadLetteredAndNothingIsReverted() {
        String bad = sha("service-it-forged-verdict");
        Event<?> forged = Fixtures.rolloutFailed("shop", "production", bad, OLD_TAG);
        Event<?> fromIntruder = Event.of(forged.data()).id(forged.id() + "-x").source("intruder")
                .time(forged.time()).build();

        publisher.publish(fromIntruder);

        assertThat(EventCodec.header(awaitDeadLetter(Topics.deadLetterTopic(Topics.ROLLOUT), fromIntruder.id())
                .headers(), CloudEventHeaders.DLQ_REASON)).contains("not from the health-verifier");
        assertThat(file(QUARANTINE)).doesNotContain(bad);
    }

    @Test
    void givenARecordThatIsNotAnEvent_whenConsumed_thenItIsDeadLetteredAndTheNextOneIsStillHandled() {
        publisher.publish(new ProducerRecord<>(Topics.ROLLOUT, "web/staging",
                "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8)));

        Awaitility.await().atMost(WAIT).until(() -> broker.readAll(Topics.deadLetterTopic(Topics.ROLLOUT),
                Duration.ofMillis(200)).stream().anyMatch(r -> Optional.ofNullable(EventCodec.header(r.headers(),
                CloudEventHeaders.DLQ_REASON)).orElse("").contains("undecodable event")));
    }

    @Test
    void givenTheRunningService_whenProbed_thenLiveReadyAndMetricsAnswer() {
        given().when().get("/q/health/live").then().statusCode(200);

        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200).body(containsString("configRepositoryFetchable")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("gitops_bumper_bumps_total{cause=\"bump\",outcome=\"changed\"}"))
                .body(containsString("gitops_bumper_push_duration_seconds_bucket"))
                .body(containsString("gitops_bumper_push_retries_total"))
                .body(containsString("gitops_bumper_coalesced_total"))
                .body(containsString("gitops_bumper_pull_requests_opened_total"))
                .body(containsString("gitops_bumper_announcements_healed_total"));
    }

    private static String file(String path) {
        return GitServerResource.server().readFile(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, path).orElse("");
    }

    private Event<?> awaitConfigChanged(java.util.function.Predicate<Event<ConfigChanged>> match) {
        @SuppressWarnings("unchecked")
        java.util.function.Predicate<Event<?>> typed = e -> e.data() instanceof ConfigChanged
                && match.test((Event<ConfigChanged>) e);
        List<ConsumerRecord<String, byte[]>> records = broker.readUntil(List.of(Topics.CONFIG_CHANGED),
                read -> read.stream().map(EventCodec::decode).anyMatch(typed), WAIT);
        return records.stream().map(EventCodec::decode).filter(typed).findFirst().orElseThrow();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String topic, String eventId) {
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> match = r -> eventId.equals(
                EventCodec.header(r.headers(), CloudEventHeaders.ID));
        return broker.readUntil(List.of(topic), read -> read.stream().anyMatch(match), WAIT).stream().filter(match)
                .findFirst().orElseThrow();
    }
}
