package io.gitops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.gitops.events.kafka.EventDeserializer;
import io.gitops.events.kafka.EventSerializer;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What docs/events.md tells consumer teams to do, run against a real broker, plain and secured. */
class PlainKafkaConsumerIT {

    static final String TEAM = "another-team";

    @Test
    void givenEventsProducedWithTheSerializer_whenAPlainKafkaConsumerReadsThem_thenTheyDecodeInKeyOrder() throws Exception {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        broker.createTopic(Topics.CONFIG_CHANGED, 3);
        publishThreeConfigChanges(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<String, Event<?>>> read = consume(props, TEAM, 3);

        assertThreeInKeyOrder(read);
    }

    @Test
    void givenASecuredBrokerAndATeamPrincipalWithTheDocumentedAcls_whenItsConsumerReadsWithItsPropertiesFile_thenTheEventsDecode(
            @TempDir Path dir) throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.secured()) {
            broker.createTopic(Topics.CONFIG_CHANGED, 3);
            String password = UUID.randomUUID().toString();
            broker.createScramUser(TEAM, password);
            broker.createAcls(teamAcls(Topics.CONFIG_CHANGED, TEAM + "-"));
            publishThreeConfigChanges(broker.adminConfig());
            Path file = writeClientProperties(dir, broker.clientConfig(TEAM, password));

            List<ConsumerRecord<String, Event<?>>> read = consume(loadClientProperties(file), TEAM + "-reports", 3);

            assertThreeInKeyOrder(read);
        }
    }

    @Test
    void givenASecuredBroker_whenTheTeamConsumesInAGroupOutsideItsPrefix_thenTheGroupIsRefused(@TempDir Path dir)
            throws Exception {
        try (KafkaTestBroker broker = KafkaTestBroker.secured()) {
            broker.createTopic(Topics.CONFIG_CHANGED, 3);
            String password = UUID.randomUUID().toString();
            broker.createScramUser(TEAM, password);
            broker.createAcls(teamAcls(Topics.CONFIG_CHANGED, TEAM + "-"));
            Path file = writeClientProperties(dir, broker.clientConfig(TEAM, password));

            assertThatThrownBy(() -> consume(loadClientProperties(file), "sync-engine", 1))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    /** What docs/events.md asks the platform team to grant a consumer team: read the topic, use its own groups. */
    static List<AclBinding> teamAcls(String topic, String groupPrefix) {
        String user = "User:" + TEAM;
        return List.of(
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.READ),
                allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL), AclOperation.DESCRIBE),
                allow(user, new ResourcePattern(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED),
                        AclOperation.READ));
    }

    private static AclBinding allow(String user, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW));
    }

    /** kafka-client.properties as the platform team hands it out: bootstrap, protocol, mechanism, JAAS login. */
    private static Path writeClientProperties(Path dir, Map<String, Object> clientConfig) throws IOException {
        Properties props = new Properties();
        clientConfig.forEach((key, value) -> props.setProperty(key, String.valueOf(value)));
        Path file = dir.resolve("kafka-client.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(writer, "as handed out by the platform team");
        }
        return file;
    }

    /** The documented consumer's first step. */
    private static Properties loadClientProperties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        return props;
    }

    private static void publishThreeConfigChanges(Map<String, Object> connection) throws Exception {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<String, Event<?>>(config, new StringSerializer(),
                new EventSerializer())) {
            for (int i = 0; i < 3; i++) {
                Event<?> event = Event.of(EventCodecTest.configChanged()).idFrom("n", String.valueOf(i))
                        .source("config-bumper").build();
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The documented consumer: the properties file's connection, then its own group and deserializers. */
    private static List<ConsumerRecord<String, Event<?>>> consume(Properties connection, String group, int expected) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, Event<?>>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, Event<?>>(props, new StringDeserializer(),
                new EventDeserializer())) {
            consumer.subscribe(List.of(Topics.CONFIG_CHANGED));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        return read;
    }

    private static void assertThreeInKeyOrder(List<ConsumerRecord<String, Event<?>>> read) {
        assertThat(read).hasSize(3);
        assertThat(read).extracting(r -> r.value().id())
                .containsExactly(EventIds.stable("n", "0"), EventIds.stable("n", "1"), EventIds.stable("n", "2"));
        assertThat(read).extracting(ConsumerRecord::partition).containsOnly(read.get(0).partition());
    }
}
