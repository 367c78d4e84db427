package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.PublishException;
import io.gitops.kit.Retry;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.DeadLetterReason;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.sync.cluster.ApiException;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.RateLimiter;
import io.gitops.sync.history.AppHistory;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.history.HistoryStore;
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.Ownership;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.Events;
import io.gitops.sync.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the engine's answers to a consumed event are classified by the service kit's pipeline: an outcome published
 * as an event is done, an outcome the broker did not take is retried, an event the engine can never act on is
 * dead-lettered at once, a redelivered event is a counted duplicate.
 */
class EngineInputTest {

    private static final String APP = "shop";
    private static final String ENV = "prod";
    private static final String COMMIT = "1111111111111111111111111111111111111111";
    private static final int ATTEMPTS = 3;
    /** More backoffs than the retry policy's max-attempts: it no longer bounds a consumed record. */
    private static final int OUTAGE_BACKOFFS = 6;

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerMetrics metrics = new ConsumerMetrics(registry, SyncRuntime.SERVICE,
            List.of(Topics.CONFIG_CHANGED, Topics.ROLLOUT, Topics.WEBHOOK_RECEIVED));
    private final Map<String, String> deadLetters = new ConcurrentHashMap<>();
    private final List<Long> receivedTimes = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger backoffs = new java.util.concurrent.atomic.AtomicInteger();
    private RecordPipeline pipeline;

    /** The pipeline as the lifecycle builds it; the service stops after {@link #OUTAGE_BACKOFFS} backoffs. */
    private EngineInput input(EngineInput.Engine engine) {
        return new EngineInput(engine, handler -> {
            pipeline = RecordPipeline.builder().handler(handler)
                    .deadLetters((record, reason) -> deadLetters.put(record.topic(), reason))
                    .metrics(metrics)
                    .retry(new Retry(ATTEMPTS, Duration.ofMillis(100), Duration.ofMillis(800)))
                    .sleeper(d -> {
                        if (backoffs.incrementAndGet() == OUTAGE_BACKOFFS) {
                            pipeline.close();
                        }
                    })
                    .build();
            return pipeline;
        });
    }

    private static ConsumerRecord<String, byte[]> record(Event<?> event) {
        ProducerRecord<String, byte[]> out = EventCodec.toRecord(event);
        ConsumerRecord<String, byte[]> in = new ConsumerRecord<>(out.topic(), 0, 7L, out.key(), out.value());
        out.headers().forEach(h -> in.headers().add(h));
        return in;
    }

    private static Event<?> configChanged(String app) {
        return Events.configChanged(app, ENV, COMMIT, "tag", null, ChangeCause.BUMP, null);
    }

    @Test
    void givenAnEngineThatPublishesARenderFailure_whenConfigChangedIsConsumed_thenItIsDoneWithoutARetry() {
        RecordingSink sink = new RecordingSink();
        EngineInput input = input((event, received) -> sink.publish(Event.of(new SyncFailed(APP, ENV,
                        APP + "-" + ENV, COMMIT, SyncFailureReason.RENDER_FAILED, "helm template failed",
                        SyncTrigger.CONFIG_CHANGED, Instant.now()))
                .source("sync-engine").idFrom("sync-failed", APP, ENV).build()));

        Handled handled = input.consume(record(configChanged(APP)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(sink.data(SyncFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(SyncFailureReason.RENDER_FAILED));
        assertThat(metrics.retryCount(Topics.CONFIG_CHANGED)).isZero();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenABrokerThatTakesTheOutcomeOnlyAtTheSecondAttempt_whenConsumed_thenItIsRetriedAndDone() {
        EngineInput input = input((event, received) -> {
            receivedTimes.add(received);
            if (receivedTimes.size() == 1) {
                throw new PublishException("broker did not acknowledge", null);
            }
        });

        Handled handled = input.consume(record(Events.rolloutFailed(APP, ENV, COMMIT, "bad", null, null)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isEqualTo(1.0);
        assertThat(receivedTimes).hasSize(2);
        assertThat(receivedTimes.get(1)).as("the received time is kept across the retries")
                .isEqualTo(receivedTimes.get(0));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenABrokerThatDoesNotTakeTheOutcomeUntilTheServiceStops_whenConsumed_thenItIsRetriedAndNeverDeadLettered() {
        EngineInput input = input((event, received) -> {
            receivedTimes.add(received);
            throw new PublishException("broker did not acknowledge", null);
        });

        Handled handled = input.consume(record(configChanged(APP)));

        assertThat(handled).isEqualTo(new Handled.Abandoned("PublishException: broker did not acknowledge"));
        assertThat(receivedTimes).hasSize(OUTAGE_BACKOFFS).containsOnly(receivedTimes.get(0));
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.retryCount(Topics.CONFIG_CHANGED)).isEqualTo(OUTAGE_BACKOFFS);
    }

    @Test
    void givenABrokerThatTakesTheOutcomeAfterMoreFailuresThanTheOldBound_whenConsumed_thenItIsDoneOnce() {
        EngineInput input = input((event, received) -> {
            receivedTimes.add(received);
            if (receivedTimes.size() <= ATTEMPTS + 1) {
                throw new PublishException("broker did not acknowledge", null);
            }
        });

        Handled handled = input.consume(record(configChanged(APP)));

        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(receivedTimes).hasSize(ATTEMPTS + 2);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void givenAConfigChangedNamingNoApp_whenTheEngineHandlesIt_thenItIsDeadLetteredAsPermanentWithoutARetry() {
        try (SyncEngine engine = engineWithoutServers()) {
            EngineInput input = input(engine::handle);

            Handled handled = input.consume(record(configChanged(" ")));

            assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class,
                    d -> assertThat(d.kind()).isEqualTo(DeadLetterReason.PERMANENT));
            assertThat(deadLetters.get(Topics.CONFIG_CHANGED)).contains("PermanentException").contains("no app/env");
            assertThat(metrics.retryCount(Topics.CONFIG_CHANGED)).isZero();
        }
    }

    @Test
    void givenAFailedVerdictNamingNoRevision_whenTheEngineHandlesIt_thenItIsDeadLetteredAsPermanent() {
        Event<RolloutFailed> verdict = Events.rolloutFailed(APP, ENV, null, "bad", null, null);
        try (SyncEngine engine = engineWithoutServers()) {
            EngineInput input = input(engine::handle);

            Handled handled = input.consume(record(verdict));

            assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class,
                    d -> assertThat(d.kind()).isEqualTo(DeadLetterReason.PERMANENT));
            assertThat(deadLetters.get(Topics.ROLLOUT)).contains("names no revision");
        }
    }

    @Test
    void givenAnEventHandledBefore_whenItIsConsumedAgain_thenTheEngineIsNotCalledAndTheDuplicateIsCounted() {
        List<Event<?>> handledEvents = new ArrayList<>();
        EngineInput input = input((event, received) -> handledEvents.add(event));
        ConsumerRecord<String, byte[]> record = record(configChanged(APP));
        input.consume(record);

        Handled again = input.consume(record);

        assertThat(again).isInstanceOf(Handled.Duplicate.class);
        assertThat(handledEvents).hasSize(1);
        assertThat(metrics.duplicateCount(Topics.CONFIG_CHANGED)).isEqualTo(1.0);
    }

    @Test
    void givenAnApiServerAnswering503ToTheHistoryRead_whenAFailedVerdictIsConsumed_thenItIsRetriedNotDeadLettered() {
        Handled handled = consumeVerdictWhileTheHistoryReadFails(503);

        assertThat(handled).isInstanceOf(Handled.Abandoned.class);
        assertThat(deadLetters).isEmpty();
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isEqualTo(OUTAGE_BACKOFFS);
    }

    @Test
    void givenAnApiServerRefusingTheHistoryReadWith403_whenAFailedVerdictIsConsumed_thenItIsPermanent() {
        Handled handled = consumeVerdictWhileTheHistoryReadFails(403);

        assertThat(handled).isInstanceOfSatisfying(Handled.DeadLettered.class,
                d -> assertThat(d.kind()).isEqualTo(DeadLetterReason.PERMANENT));
        assertThat(deadLetters.get(Topics.ROLLOUT)).contains("HTTP 403");
        assertThat(metrics.retryCount(Topics.ROLLOUT)).isZero();
    }

    /** A failed verdict consumed by a real engine whose history read the API server answers with {@code status}. */
    private Handled consumeVerdictWhileTheHistoryReadFails(int status) {
        try (SyncEngine engine = engineWithoutServers(historyFailingWith(status))) {
            return input(engine::handle).consume(record(Events.rolloutFailed(APP, ENV, COMMIT, "bad", null, null)));
        }
    }

    /** A history store whose ConfigMap read the API server answers with {@code status}, as {@link KubeApi} tells it. */
    private static HistoryStore historyFailingWith(int status) {
        return new HistoryStore() {
            @Override
            public AppHistory load(String app, String env, String namespace) {
                throw new ApiException("cannot read ConfigMap gitops-history." + app + "." + env + " (HTTP " + status
                        + "): refused", new KubernetesClientException("refused", status, null));
            }

            @Override
            public void save(AppHistory history) {
                throw new AssertionError("nothing is saved when the history cannot be read");
            }
        };
    }

    private SyncEngine engineWithoutServers() {
        return engineWithoutServers(null);
    }

    /** A real engine whose Git and API servers are never reached (history: {@code store}, or the ConfigMaps). */
    private SyncEngine engineWithoutServers(HistoryStore store) {
        KubeApi api = new KubeApi(null, RateLimiter.unlimited(), SyncSettings.FIELD_MANAGER);
        return new SyncEngine(SyncSettings.defaults("acme/config"),
                Engines.configRepo("http://127.0.0.1:1/acme/none.git", dir, Duration.ofSeconds(1)),
                new HelmChartRenderer(), api,
                store != null ? store : new ConfigMapHistoryStore(api, "gitops-system"), Ownership.ALL,
                new RecordingSink(), new SyncMetrics(registry), Clock.systemUTC());
    }
}
