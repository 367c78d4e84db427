package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.gitops.bumper.announce.KafkaAnnouncer;
import io.gitops.bumper.announce.TopicAnnouncementLedger;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.events.Event;
import io.gitops.events.EventCodec;
import io.gitops.events.EventIds;
import io.gitops.events.Topics;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Outcome;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.Provided;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bumper that pushed but died before publishing {@code config.changed}: the next instance finds the commit by its
 * trailers, sees from the topic that it was never announced, and publishes it, once, with the same stable id.
 */
@WithKafka
class CrashRecoveryIT {

    @Provided
    static KafkaTestBroker broker;
    static final String NEW = sha("crash-new");

    @TempDir
    Path dir;

    GitBench bench;
    EventPublisher publisher;
    List<TopicAnnouncementLedger> ledgers = new java.util.ArrayList<>();

    @BeforeAll
    static void topics() {
        broker.createTopics(Map.of(Topics.CONFIG_CHANGED, 6));
    }

    @BeforeEach
    void start() {
        bench = new GitBench(dir, Fixtures.seed());
        publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()), "crash-recovery-it",
                Duration.ofSeconds(5), Map.of());
    }

    @AfterEach
    void stop() {
        ledgers.forEach(TopicAnnouncementLedger::close);
        publisher.close();
        bench.close();
    }

    @Test
    void givenAPushWhoseAnnouncementDiedWithItsInstance_whenANewInstanceStarts_thenItPublishesItExactlyOnce() {
        String commit = pushWithoutAnnouncing();

        int healed = restart().healAll();

        assertThat(healed).isEqualTo(1);
        List<Event<?>> announced = announcementsOf(commit);
        assertThat(announced).hasSize(1);
        Event<?> event = announced.get(0);
        assertThat(event.id()).isEqualTo(EventIds.stable("config.changed", "web", "staging", commit));
        assertThat(event.causationId()).isEqualTo(Fixtures.artifact("web", NEW, T0).id());
        ConfigChanged data = (ConfigChanged) event.data();
        assertThat(data.cause()).isEqualTo(ChangeCause.BUMP);
        assertThat(data.newTag()).isEqualTo(NEW);
        assertThat(data.oldTag()).isEqualTo(Fixtures.OLD_TAG);
        assertThat(data.sourceCommitTime()).isEqualTo(T0);
        assertThat(data.previousCommit()).isEqualTo(bench.log().get(1).sha());
    }

    @Test
    void givenTheMissingAnnouncementWasAlreadyHealed_whenYetAnotherInstanceStarts_thenItPublishesNothing() {
        String commit = pushWithoutAnnouncing();
        restart().healAll();

        int healed = restart().healAll();

        assertThat(healed).isZero();
        assertThat(announcementsOf(commit)).hasSize(1);
    }

    @Test
    void givenAFreshUnannouncedCommitOfAnotherLiveInstance_whenFetched_thenItIsLeftToThatInstanceForTheGracePeriod() {
        pushWithoutAnnouncing();
        GitBench.Instance other = bench.bumper(BumperSettings.defaults("acme/gitops-config")
                .withHealGrace(Duration.ofMinutes(10)), null, bench.auth());

        int healed = other.core().heal();

        assertThat(healed).isZero();
        assertThat(other.announcer().snapshot()).isEmpty();
    }

    @Test
    void givenAnUnannouncedCommitOlderThanTheGracePeriod_whenFetched_thenItIsPublished() {
        pushWithoutAnnouncing();
        GitBench.Instance other = bench.bumper(BumperSettings.defaults("acme/gitops-config")
                .withHealGrace(Duration.ZERO), null, bench.auth());

        int healed = other.core().heal();

        assertThat(healed).isEqualTo(1);
        assertThat(other.announcer().snapshot()).singleElement()
                .satisfies(e -> assertThat(e.data().commit()).isEqualTo(bench.head()));
        assertThat(other.registry().get(BumperMetrics.ANNOUNCEMENTS_HEALED).counter().count()).isEqualTo(1.0);
    }

    /** Instance A pushes a bump, the broker never acknowledges its announcement, and A is gone. */
    private String pushWithoutAnnouncing() {
        GitBench.Instance crashed = bench.bumper();
        crashed.announcer().failing = true;
        List<IntentResult> results = crashed.process(Intent.of(Fixtures.artifact("web", NEW, T0)));
        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.TransientFailure.class);
        crashed.core().git().close();
        return bench.head();
    }

    /** A new instance whose ledger is read back from the topic. */
    private ConfigBumper restart() {
        TopicAnnouncementLedger ledger = new TopicAnnouncementLedger(KafkaClientSettings.of(broker.bootstrapServers()),
                Topics.CONFIG_CHANGED, Duration.ofDays(7), 10_000, Clock.systemUTC()).start();
        ledgers.add(ledger);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(ledger::caughtUp);
        return bench.bumper(BumperSettings.defaults("acme/gitops-config"), null, bench.auth(),
                new KafkaAnnouncer(publisher, ledger), ledger).core();
    }

    private static List<Event<?>> announcementsOf(String commit) {
        List<ConsumerRecord<String, byte[]>> records = broker.readAll(Topics.CONFIG_CHANGED, Duration.ofMillis(500));
        List<Event<?>> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Event<?> event = EventCodec.decode(record);
            if (event.data() instanceof ConfigChanged change && change.commit().equals(commit)) {
                events.add(event);
            }
        }
        return events;
    }
}
