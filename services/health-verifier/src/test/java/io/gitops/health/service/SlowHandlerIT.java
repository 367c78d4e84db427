package io.gitops.health.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.health.model.AppEnv;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Outcome;
import io.gitops.kit.consume.ChannelWorker;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.InjectKafkaBroker;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.gitops.testing.kafka.KafkaTestResource;
import io.gitops.testing.sandbox.SandboxTestResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * The kit's consumer policy on the real SmallRye Kafka connector and the in-JVM broker (docs/adr/0002): a handler
 * slower than a small {@code throttled.unprocessed-record-max-age.ms} closes a channel configured with it (the
 * control, {@code kit-strict}), not one configured as every service's channels are ({@code kit-policy}: the age check
 * off, records acknowledged explicitly by a {@link ChannelWorker} once settled).
 */
@QuarkusTest
@TestProfile(SlowHandlerIT.SlowChannelsProfile.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics",
        value = "gitops.sync.v1:6,gitops.rollout.v1:6,gitops.sync.v1.dlq:1,kit.policy.v1:1,kit.strict.v1:1"))
@WithTestResource(value = SandboxTestResource.class, initArgs = {@ResourceArg(name = "shared", value = "true"),
        @ResourceArg(name = "tick-ms", value = "50"), @ResourceArg(name = "url-property", value = "kubernetes.master"),
        @ResourceArg(name = "kubeconfig-system-property", value = "kubeconfig")})
class SlowHandlerIT {

    static final long SLOW_MS = 3_000;
    static final int STRICT_MAX_AGE_MS = 1_000;

    /** Two test channels: one as the services configure theirs, one with a small age limit. */
    public static class SlowChannelsProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(Map.of("gitops.test.slow-channels", "true"));
            channel(config, "kit-policy", "kit.policy.v1", 0);
            channel(config, "kit-strict", "kit.strict.v1", STRICT_MAX_AGE_MS);
            return config;
        }

        private static void channel(Map<String, String> config, String channel, String topic, int maxAgeMs) {
            String p = "mp.messaging.incoming." + channel + ".";
            config.put(p + "connector", "smallrye-kafka");
            config.put(p + "topic", topic);
            config.put(p + "group.id", channel);
            config.put(p + "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
            config.put(p + "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
            config.put(p + "auto.offset.reset", "earliest");
            config.put(p + "enable.auto.commit", "false");
            config.put(p + "commit-strategy", "throttled");
            config.put(p + "auto.commit.interval.ms", "200");
            config.put(p + "throttled.unprocessed-record-max-age.ms", String.valueOf(maxAgeMs));
        }
    }

    /** The test channels' consumers: a record whose event id starts with {@code slow} takes {@link #SLOW_MS}. */
    @IfBuildProperty(name = "gitops.test.slow-channels", stringValue = "true")
    @ApplicationScoped
    public static class SlowChannels {
        static final Queue<String> HANDLED = new ConcurrentLinkedQueue<>();

        private final ChannelWorker policy = worker("kit-policy");
        private final ChannelWorker strict = worker("kit-strict");

        private static ChannelWorker worker(String channel) {
            RecordPipeline pipeline = RecordPipeline.builder()
                    .handler(event -> {
                        if (event.id().startsWith("slow")) {
                            Thread.sleep(SLOW_MS);
                        }
                        HANDLED.add(channel + ":" + event.id());
                        return Outcome.success(null);
                    })
                    .deadLetters((record, reason) -> {
                        throw new AssertionError("dead-lettered " + reason);
                    })
                    .metrics(new ConsumerMetrics(new SimpleMeterRegistry(), "test", List.of())).build();
            return ChannelWorker.perPartition(channel, pipeline, 4);
        }

        @Incoming("kit-policy")
        public CompletionStage<Void> policy(Message<byte[]> message) {
            return policy.submit(message);
        }

        @Incoming("kit-strict")
        public CompletionStage<Void> strict(Message<byte[]> message) {
            return strict.submit(message);
        }

        @PreDestroy
        void close() {
            policy.close();
            strict.close();
        }
    }

    @InjectKafkaBroker
    KafkaTestBroker broker;

    private void publish(String topic, String... ids) {
        try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()),
                "test-slow-handler", Duration.ofSeconds(5), Map.of())) {
            for (String id : ids) {
                Event<?> event = SyncEvents.applied(new AppEnv("shop", "staging"), "shop-staging", id,
                        "registry.local:5000/shop:" + id);
                ProducerRecord<String, byte[]> record = EventCodec.toRecord(Event.of(event.data()).id(id)
                        .source("sync-engine").build());
                publisher.publish(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers()));
            }
        }
    }

    private long committed(String group, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    @Test
    void givenTheServicesChannelConfig_whenAHandlerTakesLongerThanASmallAgeLimit_thenTheConsumerStaysUpAndGoesOn()
            throws Exception {
        String slow = "slow-" + UUID.randomUUID();
        String next = "next-" + UUID.randomUUID();
        long before = Math.max(0, committed("kit-policy", "kit.policy.v1"));

        publish("kit.policy.v1", slow, next);

        await().atMost(Duration.ofSeconds(30)).until(() -> SlowChannels.HANDLED.contains("kit-policy:" + next));
        List<String> handled = List.copyOf(SlowChannels.HANDLED);
        assertThat(handled.indexOf("kit-policy:" + slow)).isLessThan(handled.indexOf("kit-policy:" + next));
        await().atMost(Duration.ofSeconds(10)).until(() -> committed("kit-policy", "kit.policy.v1") == before + 2);
        assertThat(given().get("/q/health/live").then().extract().body().asString())
                .containsPattern("\"kit-policy\"\\s*:\\s*\"\\[OK\\]\"");
    }

    @Test
    void givenASmallAgeLimit_whenAHandlerTakesLongerThanIt_thenTheConnectorReportsTheChannelDead() {
        String slow = "slow-" + UUID.randomUUID();

        publish("kit.strict.v1", slow);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                given().get("/q/health/live").then().extract().body().asString())
                .contains("kit-strict").contains("[KO]"));
    }
}
