package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.gitops.events.Topics;
import io.gitops.kit.TopicAdmin;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KafkaAcls} applied to the in-JVM broker secured as {@code ./gitops up} runs it (SASL/SCRAM-SHA-512,
 * StandardAuthorizer): each grant works, and everything outside it is refused.
 */
class KafkaAclsIT {

    private static SecuredBroker secured;
    private static KafkaTestBroker broker;
    private static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        secured = new SecuredBroker();
        broker = secured.broker();
        KafkaAcls.grants().forEach(g -> PASSWORDS.put(g.principal(), secured.password(g.principal())));
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    static Stream<String> services() {
        return Stream.of(StackSettings.SERVICES);
    }

    private static Map<String, Object> login(String principal) {
        return broker.clientConfig(principal, PASSWORDS.get(principal));
    }

    /** A producer as the kit's {@code EventPublisher} makes it: idempotent, acks=all. */
    private static KafkaProducer<String, byte[]> producer(String principal) {
        Map<String, Object> config = new HashMap<>(login(principal));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer(String principal, String group) {
        Map<String, Object> config = new HashMap<>(login(principal));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaAcls.Grant grant(String principal) {
        return KafkaAcls.grant(principal).orElseThrow();
    }

    /** Every group of the grant: its literal groups and one name under each prefix. */
    private static List<String> groupsOf(KafkaAcls.Grant grant) {
        List<String> groups = new ArrayList<>(grant.groups());
        grant.groupPrefixes().forEach(p -> groups.add(p + "it"));
        return groups;
    }

    /** Joins {@code group} on {@code topics} and commits the position: READ on the topics and the group. */
    private static void consumeAndCommit(String principal, String group, List<String> topics) {
        try (var consumer = consumer(principal, group)) {
            consumer.subscribe(topics);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(consumer.assignment()).as("%s in group %s", principal, group).isNotEmpty();
            consumer.commitSync();
        }
    }

    /** Reads {@code topics} by assignment, without a group (as TopicReplay and the events tail do). */
    private static Map<TopicPartition, Long> replay(String principal, List<String> topics) {
        try (var consumer = consumer(principal, null)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ofMillis(200));
            return consumer.endOffsets(partitions);
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicePrincipal_whenItPublishesToEachTopicItWrites_thenEveryRecordIsAcknowledged(String service)
            throws Exception {
        List<Long> offsets = new ArrayList<>();

        try (var producer = producer(service)) {
            for (String topic : grant(service).writes()) {
                offsets.add(producer.send(new ProducerRecord<>(topic, service, new byte[] {1})).get(10, TimeUnit.SECONDS)
                        .offset());
            }
        }

        assertThat(offsets).hasSize(grant(service).writes().size()).allMatch(o -> o >= 0);
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicePrincipal_whenItConsumesItsInputsInEachOfItsGroups_thenItJoinsAndCommits(String service) {
        KafkaAcls.Grant grant = grant(service);

        for (String group : groupsOf(grant)) {
            consumeAndCommit(service, group, grant.reads());
        }

        assertThat(grant.reads()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicePrincipal_whenItReplaysItsInputsWithoutAGroup_thenItReadsEveryPartitionsEnd(String service) {
        Map<TopicPartition, Long> ends = replay(service, grant(service).reads());

        assertThat(ends.keySet().stream().map(TopicPartition::topic).distinct())
                .containsExactlyInAnyOrderElementsOf(grant(service).reads());
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicePrincipal_whenItEnsuresItsTopicsAsItsStartUpDoes_thenEveryTopicIsFoundWithItsDeclaredLimit(
            String service) {
        List<Topics.TopicSpec> specs = new ArrayList<>();
        for (String topic : grant(service).topics()) {
            Topics.ALL.stream().filter(t -> t.name().equals(topic)).findFirst().ifPresent(specs::add);
            Topics.ALL.stream().map(Topics.TopicSpec::deadLetter).filter(t -> t.name().equals(topic)).findFirst()
                    .ifPresent(specs::add);
        }
        KafkaClientSettings kafka = KafkaSecurity.login(broker.bootstrapServers(), service, PASSWORDS.get(service));

        TopicAdmin.ensureTopics(kafka, specs, (short) 1, Duration.ofSeconds(20));

        assertThat(specs).hasSize(grant(service).topics().size());
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicePrincipal_whenItPublishesToATopicThatIsNotItsOwn_thenTheTopicIsNotAuthorized(String service) {
        List<String> foreign = KafkaAcls.allTopics().stream()
                .filter(t -> !grant(service).writes().contains(t)).toList();

        try (var producer = producer(service)) {
            for (String topic : foreign) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", new byte[] {1}))
                        .get(10, TimeUnit.SECONDS))
                        .as("%s writing %s", service, topic)
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void givenTheIngestPrincipal_whenItConsumesInTheBuildOrchestratorsGroup_thenTheGroupIsNotAuthorized() {
        try (var consumer = consumer("ingest", "build-orchestrator")) {
            consumer.subscribe(List.of(Topics.WEBHOOK_RECEIVED));

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(5)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void givenTheOperator_whenItReadsEveryTopicWithoutAGroup_thenItReadsThemAll() {
        Map<TopicPartition, Long> ends = replay(KafkaAcls.OPERATOR, KafkaAcls.allTopics());

        assertThat(ends.keySet().stream().map(TopicPartition::topic).distinct())
                .containsExactlyInAnyOrderElementsOf(KafkaAcls.allTopics());
    }

    @Test
    void givenTheOperator_whenItConsumesEveryPlatformTopicInAGroupOfItsPrefix_thenItJoinsAndCommits() {
        List<String> topics = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();

        consumeAndCommit(KafkaAcls.OPERATOR, KafkaAcls.OPERATOR_GROUP_PREFIX + "it", topics);

        assertThat(grant(KafkaAcls.OPERATOR).writes()).isEmpty();
    }

    @Test
    void givenTheOperator_whenItPublishesToAnyTopic_thenEveryWriteIsNotAuthorized() {
        try (var producer = producer(KafkaAcls.OPERATOR)) {
            for (String topic : KafkaAcls.allTopics()) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", new byte[] {1}))
                        .get(10, TimeUnit.SECONDS))
                        .as("operator writing %s", topic)
                        .isInstanceOf(ExecutionException.class)
                        // an idempotent producer without WRITE anywhere is refused its producer id (cluster)
                        .cause().isInstanceOfAny(TopicAuthorizationException.class,
                                ClusterAuthorizationException.class);
            }
        }
    }

    @Test
    void givenAServicePrincipal_whenItLogsInWithAnotherPrincipalsPassword_thenAuthenticationFails() {
        Map<String, Object> config = new HashMap<>(broker.clientConfig("ingest", PASSWORDS.get("sync-engine")));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);

        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.WEBHOOK_RECEIVED, "k", new byte[] {1}))
                    .get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }
}
