package io.gitops.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.gitops.events.Topics.TopicSpec;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class TopicAdminIT {

    private static final int FOUR_MB = 4 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KafkaTestBroker broker = KafkaTestBroker.shared();
    private final KafkaClientSettings kafka = KafkaClientSettings.of(broker.bootstrapServers());

    private static TopicSpec spec(String name, int maxMessageBytes) {
        return new TopicSpec(name, "k", 1, Duration.ofDays(1), maxMessageBytes);
    }

    /** The topic's limit, once the broker knows the topic (it learns of a new topic shortly after its creation). */
    private int limitOf(String topic) {
        return limitOf(topic, limit -> true);
    }

    /** The same, once it {@code settled} (the broker applies a config change shortly after the controller took it). */
    private int limitOf(String topic, Predicate<Integer> settled) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = broker.admin()) {
            return Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                    Integer.parseInt(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                            .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()), settled);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return -1;
        }
    }

    @Test
    void givenAMissingTopic_whenEnsured_thenItIsCreatedWithTheDeclaredLimit() {
        TopicAdmin.ensureTopics(kafka, List.of(spec("it.limits.missing", FOUR_MB)), (short) 1, TIMEOUT);

        assertThat(limitOf("it.limits.missing", l -> l == FOUR_MB)).isEqualTo(FOUR_MB);
    }

    @Test
    void givenATopicCreatedWithKafkasDefaultLimit_whenEnsured_thenItsLimitIsRaisedToTheDeclaration() {
        broker.createTopic("it.limits.old", 1);
        assertThat(limitOf("it.limits.old")).isLessThan(FOUR_MB);

        TopicAdmin.ensureTopics(kafka, List.of(spec("it.limits.old", FOUR_MB)), (short) 1, TIMEOUT);

        assertThat(limitOf("it.limits.old", l -> l == FOUR_MB)).isEqualTo(FOUR_MB);
    }

    @Test
    void givenATopicWithALargerLimitThanDeclared_whenEnsured_thenItIsLeftAlone() {
        TopicAdmin.ensureTopics(kafka, List.of(spec("it.limits.larger", 2 * FOUR_MB)), (short) 1, TIMEOUT);

        TopicAdmin.ensureTopics(kafka, List.of(spec("it.limits.larger", FOUR_MB)), (short) 1, TIMEOUT);

        assertThat(limitOf("it.limits.larger", l -> l == 2 * FOUR_MB)).isEqualTo(2 * FOUR_MB);
    }

    @Test
    void givenATooSmallTopicTheBrokerRefusesToRaise_whenEnsured_thenItFailsNamingTheTopicAndBothLimits() {
        broker.createTopic("it.limits.refused", 1);
        int current = limitOf("it.limits.refused");

        try (Admin refusing = new RefusingAlters(broker.bootstrapServers())) {
            assertThatThrownBy(() -> TopicAdmin.ensureLimits(refusing, List.of(spec("it.limits.refused", FOUR_MB)),
                    TIMEOUT))
                    .isInstanceOf(TopicLimitException.class)
                    .isNotInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("topic it.limits.refused accepts records up to " + current + " bytes")
                    .hasMessageContaining("declared to need " + FOUR_MB + " bytes")
                    .hasMessageContaining("PolicyViolationException")
                    .hasMessageContaining("max.message.bytes=" + FOUR_MB)
                    .satisfies(e -> assertThat(((TopicLimitException) e).problems()).hasSize(1));
        }
        assertThat(limitOf("it.limits.refused")).isEqualTo(current);
    }

    /** An admin whose broker refuses every config change, as an ACL or an alter-config policy would. */
    private static final class RefusingAlters extends ForwardingAdmin {

        RefusingAlters(String bootstrap) {
            super(new HashMap<>(Map.of("bootstrap.servers", bootstrap)));
        }

        @Override
        public AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs,
                                                          AlterConfigsOptions options) {
            Map<ConfigResource, KafkaFuture<Void>> futures = new HashMap<>();
            for (ConfigResource resource : configs.keySet()) {
                KafkaFutureImpl<Void> refused = new KafkaFutureImpl<>();
                refused.completeExceptionally(new PolicyViolationException("changing topic configs is not allowed"));
                futures.put(resource, refused);
            }
            try {
                Constructor<AlterConfigsResult> result = AlterConfigsResult.class.getDeclaredConstructor(Map.class);
                result.setAccessible(true);
                return result.newInstance(futures);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
