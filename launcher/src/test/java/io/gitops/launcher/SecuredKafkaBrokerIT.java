package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.gitops.events.Topics;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The launcher's own broker process as {@code ./gitops up} starts it by default: SCRAM credentials added at format
 * time, topics and {@link KafkaAcls} created as the admin; services and the operator log in with their own password.
 */
class SecuredKafkaBrokerIT {

    private static Path state;
    private static Ports ports;
    private static KafkaSecurity security;
    private static ManagedProcess broker;

    @BeforeAll
    static void start() throws IOException {
        StackLayout repo = StackLayout.discover(Path.of(""));
        state = Files.createTempDirectory("gitops-secured-kafka-");
        StackLayout layout = new StackLayout(repo.repoRoot(), state);
        ports = RunningStack.freePorts();
        security = KafkaSecurity.fromSetting(null);
        KafkaClientSettings plain = KafkaClientSettings.of(KafkaBroker.bootstrap(ports));
        broker = KafkaBroker.start(layout, ports, security, security.settings(KafkaAcls.ADMIN, plain),
                Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws IOException {
        if (broker != null) {
            broker.stop(Duration.ofSeconds(10));
        }
        try (var paths = Files.walk(state)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void send(KafkaClientSettings kafka, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get(10, TimeUnit.SECONDS);
        }
    }

    private static KafkaClientSettings login(String principal) {
        return security.settings(principal, KafkaClientSettings.of(KafkaBroker.bootstrap(ports)));
    }

    @Test
    void givenTheSecuredBroker_whenTheIngestPrincipalPublishesToItsTopic_thenTheOperatorsTailReadsIt() throws Exception {
        send(login("ingest"), Topics.WEBHOOK_RECEIVED);

        try (EventTail tail = new EventTail(login(KafkaAcls.OPERATOR))) {
            assertThat(tail.readExisting()).isEmpty(); // not a platform event: the tail skips it, but it could read
        }
    }

    @Test
    void givenTheSecuredBroker_whenTheIngestPrincipalPublishesToTheSyncTopic_thenTheTopicIsNotAuthorized() {
        assertThatThrownBy(() -> send(login("ingest"), Topics.SYNC))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void givenTheSecuredBroker_whenAnAnonymousPlaintextClientPublishes_thenItNeverGetsMetadata() {
        assertThatThrownBy(() -> send(KafkaClientSettings.of(KafkaBroker.bootstrap(ports)), Topics.WEBHOOK_RECEIVED))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
    }

    @Test
    void givenTheSecuredBroker_whenItsServerPropertiesAreRead_thenTheyAreTheOwnersOnlyAndAuthorizeEveryRequest()
            throws IOException {
        Path properties = state.resolve("kafka-server.properties");

        String text = Files.readString(properties);

        assertThat(text).contains("authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false", "super.users=User:admin",
                "listeners=SASL_PLAINTEXT://127.0.0.1:" + ports.of("kafka"));
        assertThat(Files.getPosixFilePermissions(properties)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
