package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.kit.PublishException;
import io.gitops.kit.Retry;
import io.gitops.kit.consume.ConsumerMetrics;
import io.gitops.kit.consume.Handled;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.sync.history.RevisionRecord;
import io.gitops.sync.testing.EngineTestBase;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.Events;
import io.gitops.sync.testing.RecordingSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The crash window between applying a revision and announcing it: each revision is recorded as owing its
 * {@code sync.succeeded} before it is published, so an engine killed in between (or a broker that did not take the
 * event) announces it later, {@code changed=true}, once, with the same event id; never as a sync failure.
 */
class AnnouncementIT extends EngineTestBase {

    static final String TAG_1 = SyncEngineIT.TAG_1;
    static final String TAG_2 = SyncEngineIT.TAG_2;
    static final String SOURCE = SyncEngineIT.SOURCE_2;

    AnnouncementIT() {
        super("announce-");
    }

    private static List<Event<SyncSucceeded>> changed(RecordingSink sink) {
        return sink.events(SyncSucceeded.class).stream().filter(e -> e.data().changed()).toList();
    }

    @Test
    void givenARevisionAppliedAndRecordedButNeverAnnounced_whenAnotherEngineStartsOnTheSameClusterAndGit_thenItIsAnnouncedChangedTrueExactlyOnce() {
        // Given an engine that applied and recorded a revision and died before the broker took its announcement
        String commit = repo.addApp("crash", "prod", TAG_1, true, true);
        sink.refuse(SyncSucceeded.class, Integer.MAX_VALUE);
        assertThatThrownBy(() -> engine.syncAll(SyncTrigger.STARTUP, null)).isInstanceOf(PublishException.class);
        String owedId = sink.refused().get(0).id();
        assertThat(engine.history("crash", "prod").current()).get()
                .satisfies(r -> assertThat(r.awaitingAnnouncement()).isTrue());
        engine.close();
        RecordingSink afterRestart = new RecordingSink();
        try (SyncEngine restarted = Engines.engine(client(), repo.url(), workDir.resolve("restarted"),
                afterRestart)) {

            // When it is started again (start-up sync), then polled
            restarted.syncAll(SyncTrigger.STARTUP, null);
            restarted.syncAll(SyncTrigger.POLL, null);

            // Then
            assertThat(changed(afterRestart)).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo(owedId);
                assertThat(e.data().revision()).isEqualTo(commit);
                assertThat(e.data().trigger()).isEqualTo(SyncTrigger.STARTUP);
                assertThat(e.data().objectsApplied()).isEqualTo(3);
            });
            assertThat(restarted.history("crash", "prod").current()).get()
                    .extracting(RevisionRecord::awaitingAnnouncement).isEqualTo(false);
        }
        assertThat(afterRestart.data(SyncFailed.class)).isEmpty();
        assertThat(sink.data(SyncFailed.class)).isEmpty();
    }

    @Test
    void givenABrokerThatDidNotTakeTheAnnouncement_whenTheConfigChangedIsHandledAgain_thenItIsAnnouncedChangedTrueOnceWithTheSameId() {
        // Given
        String first = repo.addApp("flaky", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        String bump = repo.bump("flaky", "prod", TAG_2, 2, false, SOURCE, "bump");
        Event<?> cause = Events.configChanged("flaky", "prod", bump, TAG_2, SOURCE, ChangeCause.BUMP, null);
        sink.clear();
        sink.refuse(SyncSucceeded.class, 1);
        assertThatThrownBy(() -> engine.handle(cause, System.nanoTime())).isInstanceOf(PublishException.class);

        // When
        engine.handle(cause, System.nanoTime());

        // Then
        assertThat(changed(sink)).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(sink.refused().get(0).id());
            assertThat(e.causationId()).isEqualTo(cause.id());
            assertThat(e.correlationId()).isEqualTo(SOURCE);
            assertThat(e.data().revision()).isEqualTo(bump);
            assertThat(e.data().previousRevision()).isEqualTo(first);
        });
        assertThat(sink.data(SyncSucceeded.class)).as("no changed=false besides the announcement").hasSize(1);
        assertThat(sink.data(SyncFailed.class)).isEmpty();
    }

    @Test
    void givenABrokerThatRefusesTheFirstAnnouncement_whenTheConfigChangedIsConsumed_thenTheRecordIsRetriedAndNoSyncFailedIsPublished() {
        // Given
        repo.addApp("retried", "prod", TAG_1, true, true);
        engine.syncAll(SyncTrigger.STARTUP, null);
        String bump = repo.bump("retried", "prod", TAG_2, 2, false, SOURCE, "bump");
        sink.clear();
        sink.refuse(SyncSucceeded.class, 1);
        ConsumerMetrics metrics = new ConsumerMetrics(new SimpleMeterRegistry(), SyncRuntime.SERVICE,
                List.of(Topics.CONFIG_CHANGED));
        EngineInput input = new EngineInput(engine::handle, handler -> RecordPipeline.builder().handler(handler)
                .deadLetters((record, reason) -> {
                    throw new AssertionError("dead-lettered: " + reason);
                })
                .metrics(metrics)
                .retry(new Retry(3, Duration.ofMillis(10), Duration.ofMillis(20)))
                .sleeper(d -> { })
                .build());

        // When
        Handled handled = input.consume(record(
                Events.configChanged("retried", "prod", bump, TAG_2, SOURCE, ChangeCause.BUMP, null)));

        // Then
        assertThat(handled).isInstanceOf(Handled.Done.class);
        assertThat(metrics.retryCount(Topics.CONFIG_CHANGED)).isEqualTo(1.0);
        assertThat(changed(sink)).singleElement().satisfies(e -> assertThat(e.data().revision()).isEqualTo(bump));
        assertThat(sink.data(SyncFailed.class)).isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(Event<?> event) {
        ProducerRecord<String, byte[]> out = EventCodec.toRecord(event);
        ConsumerRecord<String, byte[]> in = new ConsumerRecord<>(out.topic(), 0, 7L, out.key(), out.value());
        out.headers().forEach(h -> in.headers().add(h));
        return in;
    }
}
