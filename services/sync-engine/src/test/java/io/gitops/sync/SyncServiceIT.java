package io.gitops.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.gitops.events.CloudEventHeaders;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.EventData;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Events;
import io.gitops.sync.testing.InjectStack;
import io.gitops.sync.testing.SyncEngineTags;
import io.gitops.sync.testing.SyncStack;
import io.gitops.sync.testing.SyncStackResource;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The whole service on the in-JVM broker, the sandbox and a Git server: events in, objects and events out. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value =
        "gitops.config.changed.v1:6,gitops.rollout.v1:6,gitops.webhook.received.v1:6,gitops.sync.v1:6,"
                + "gitops.config.changed.v1.dlq:1,gitops.rollout.v1.dlq:1,gitops.webhook.received.v1.dlq:1"))
@WithTestResource(SyncStackResource.class)
class SyncServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String APP = SyncStackResource.APP;
    private static final String ENV = SyncStackResource.ENV;

    @InjectKafkaBroker
    KafkaTestBroker broker;

    @InjectStack
    SyncStack stack;

    private void publish(Event<?> event) {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()), "test",
                Duration.ofSeconds(10), Map.of())) {
            publisher.publish(event);
        }
    }

    private <T extends EventData> Optional<T> published(Class<T> type, Predicate<T> match) {
        List<ConsumerRecord<String, byte[]>> records = broker.readUntil(List.of(Topics.SYNC),
                read -> read.stream().anyMatch(r -> matches(r, type, match)), Duration.ofSeconds(2));
        return records.stream().filter(r -> matches(r, type, match)).findFirst()
                .map(r -> type.cast(EventCodec.decode(r).data()));
    }

    private static <T extends EventData> boolean matches(ConsumerRecord<String, byte[]> record, Class<T> type,
                                                         Predicate<T> match) {
        Event<?> event = EventCodec.decode(record);
        return type.isInstance(event.data()) && match.test(type.cast(event.data()));
    }

    private Deployment deployment() {
        return stack.sandbox().client().apps().deployments().inNamespace(APP + "-" + ENV).withName(APP).get();
    }

    @Test
    void givenTheServiceStarted_whenItOwnsTheApps_thenItSyncedThemAndIsReady() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));

        await().atMost(WAIT).until(() -> published(SyncSucceeded.class,
                s -> s.revision().equals(stack.firstCommit())).isPresent());
        given().get("/q/metrics").then().statusCode(200).body(containsString("gitops_sync_syncs_total"));
    }

    @Test
    void givenABumpCommit_whenItsConfigChangedIsConsumed_thenTheObjectsChangeAndSyncSucceededIsPublished() {
        await().atMost(WAIT).until(() -> deployment() != null);
        String bump = stack.repo().bump(APP, ENV, SyncEngineTags.BAD, 2, false, SyncEngineTags.SOURCE, "bump");

        publish(Events.configChanged(APP, ENV, bump, SyncEngineTags.BAD, SyncEngineTags.SOURCE, ChangeCause.BUMP,
                null));

        await().atMost(WAIT).until(() -> published(SyncSucceeded.class, s -> s.revision().equals(bump)).isPresent());
        SyncSucceeded succeeded = published(SyncSucceeded.class, s -> s.revision().equals(bump)).orElseThrow();
        assertThat(succeeded.changed()).isTrue();
        assertThat(succeeded.sourceCommit()).isEqualTo(SyncEngineTags.SOURCE);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .endsWith(SyncEngineTags.BAD);
    }

    @Test
    void givenAnAppliedBump_whenAFailedRolloutVerdictIsConsumed_thenTheHealthyRevisionRunsAgainAndRolledBackIsOut() {
        String healthy = stack.repo().head();
        await().atMost(WAIT).until(() -> published(SyncSucceeded.class, s -> s.revision().equals(healthy))
                .isPresent());
        String failed = stack.repo().bump(APP, ENV, SyncEngineTags.OTHER, 3, true, SyncEngineTags.SOURCE, "bump");
        publish(Events.configChanged(APP, ENV, failed, SyncEngineTags.OTHER, SyncEngineTags.SOURCE,
                ChangeCause.BUMP, null));
        await().atMost(WAIT).until(() -> published(SyncSucceeded.class, s -> s.revision().equals(failed))
                .isPresent());

        publish(Events.rolloutFailed(APP, ENV, failed, SyncEngineTags.OTHER, healthy, null));

        await().atMost(WAIT).until(() -> published(RolledBack.class, r -> r.failedRevision().equals(failed))
                .isPresent());
        assertThat(published(RolledBack.class, r -> r.failedRevision().equals(failed)).orElseThrow().revision())
                .isEqualTo(healthy);
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry("gitops.io/revision", healthy);
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .doesNotEndWith(SyncEngineTags.OTHER);
    }

    @Test
    void givenARecordThatIsNotAnEvent_whenConsumed_thenItIsDeadLetteredWithTheReason() {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()), "test",
                Duration.ofSeconds(10), Map.of())) {

            publisher.publish(new ProducerRecord<>(Topics.CONFIG_CHANGED, APP + "/" + ENV,
                    "not an event".getBytes(StandardCharsets.UTF_8)));
        }

        await().atMost(WAIT).until(() -> broker.readUntil(List.of(Topics.deadLetterTopic(Topics.CONFIG_CHANGED)),
                read -> !read.isEmpty(), Duration.ofSeconds(2)).stream().anyMatch(r ->
                EventCodec.header(r.headers(), CloudEventHeaders.DLQ_REASON) != null));
    }
}
