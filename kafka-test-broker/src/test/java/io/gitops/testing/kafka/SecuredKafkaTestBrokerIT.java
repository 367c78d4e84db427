package io.gitops.testing.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecuredKafkaTestBrokerIT {

    private static KafkaTestBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.secured();
        broker.createTopics(Map.of("it.secured.mine", 1, "it.secured.other", 1));
        broker.createScramUser("writer", "writer-secret");
        broker.createAcls(List.of(
                allow("writer", "it.secured.mine", AclOperation.WRITE),
                allow("writer", "it.secured.mine", AclOperation.DESCRIBE)));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, Object> connection) {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(Map<String, Object> connection, String topic) throws Exception {
        send(connection, topic, "k");
    }

    private static void send(Map<String, Object> connection, String topic, String key) throws Exception {
        try (var producer = producer(connection)) {
            producer.send(new ProducerRecord<>(topic, key, "v".getBytes())).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenASecuredBroker_whenAUserWritesATopicItsAclAllows_thenAConsumerReadsItBack() throws Exception {
        send(broker.clientConfig("writer", "writer-secret"), "it.secured.mine");

        var records = broker.readUntil(List.of("it.secured.mine"), r -> !r.isEmpty(), Duration.ofSeconds(10));
        assertThat(records).isNotEmpty();
        assertThat(broker.isSecured()).isTrue();
    }

    @Test
    void givenASecuredBroker_whenAUserWritesATopicWithoutAnAcl_thenTheTopicIsNotAuthorized() {
        Map<String, Object> writer = broker.clientConfig("writer", "writer-secret");

        assertThatThrownBy(() -> send(writer, "it.secured.other"))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void givenASecuredBroker_whenAClientLogsInWithAWrongPassword_thenAuthenticationFails() {
        Map<String, Object> stranger = broker.clientConfig("writer", "not-the-password");

        assertThatThrownBy(() -> send(stranger, "it.secured.mine"))
                .hasRootCauseInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void givenASecuredBroker_whenAnAnonymousPlaintextClientWrites_thenItNeverGetsMetadataAndNothingIsWritten() {
        Map<String, Object> anonymous = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        assertThatThrownBy(() -> send(anonymous, "it.secured.mine", "anonymous"))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

        assertThat(broker.readAll("it.secured.mine", Duration.ofMillis(500)))
                .noneSatisfy(r -> assertThat(r.key()).isEqualTo("anonymous"));
    }
}
