package io.gitops.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

import io.gitops.kit.EventPublisher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Amazon MSK IAM as far as a machine without MSK and without AWS credentials allows: the settings are complete and
 * accepted by Kafka's clients (the login module and callback handler load from the kit's runtime dependencies), and
 * the handshake the client would sign fails for want of credentials, not for a configuration error.
 */
class MskIamTest {

    /** Nothing listens there: the clients below are built and closed, never connected. */
    static final String BOOTSTRAP = "127.0.0.1:1";

    static Map<String, Object> serviceKafkaConfig() {
        Map<String, Object> kafka = new HashMap<>(MskIam.properties());
        kafka.put("bootstrap.servers", BOOTSTRAP);
        return kafka;
    }

    @Test
    void givenTheMskIamSettings_whenAProducerAndAnAdminClientAreBuiltFromThem_thenKafkaAcceptsTheConfiguration() {
        KafkaClientSettings settings = KafkaClientSettings.from(serviceKafkaConfig());
        Properties producerConfig = EventPublisher.producerConfig(settings, "ingest", Duration.ofSeconds(5), Map.of());
        producerConfig.put("key.serializer", StringSerializer.class.getName());
        producerConfig.put("value.serializer", ByteArraySerializer.class.getName());

        assertThatCode(() -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig);
                 Admin admin = Admin.create(settings.clientProperties())) {
                assertThat(producer.metrics()).isNotEmpty();
                assertThat(admin.metrics()).isNotEmpty();
            }
        }).doesNotThrowAnyException();
        assertThat(settings.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(settings.toString()).doesNotContain("IAMLoginModule");
    }

    @Test
    void givenNoAwsCredentials_whenTheClientSignsItsMskIamHandshake_thenItFailsWithACredentialsError()
            throws Exception {
        Map<String, Object> producer = new HashMap<>(KafkaClientSettings.from(serviceKafkaConfig()).clientConfig());
        producer.put("key.serializer", StringSerializer.class.getName());
        producer.put("value.serializer", ByteArraySerializer.class.getName());
        // What Kafka's SaslClientAuthenticator does with the parsed client configuration: the callback handler class
        // it names, configured with the JAAS entries of sasl.jaas.config, answers the SASL client of the mechanism.
        Map<String, ?> configs = new ProducerConfig(producer).values();
        List<AppConfigurationEntry> jaas = JaasContext.loadClientContext(configs).configurationEntries();
        AuthenticateCallbackHandler handler = Utils.newInstance(
                ((Class<?>) configs.get("sasl.client.callback.handler.class")).getName(),
                AuthenticateCallbackHandler.class);
        handler.configure(configs, MskIam.MECHANISM, jaas);
        // Loading the login module registers its SASL client providers, as Kafka's JAAS login does.
        Class.forName(jaas.get(0).getLoginModuleName(), true, MskIamTest.class.getClassLoader());
        SaslClient client = Sasl.createSaslClient(new String[] {MskIam.MECHANISM}, null, "kafka", "127.0.0.1",
                Map.of(), handler);

        assertThat(client).as("a SASL client for " + MskIam.MECHANISM).isNotNull();
        assertThatThrownBy(() -> client.evaluateChallenge(new byte[0]))
                .isInstanceOf(SaslException.class)
                .hasMessageContaining("Failed to find AWS IAM Credentials");
        handler.close();
    }

    @Test
    void givenTheMskIamMechanismWithoutTls_whenRead_thenItIsRefusedNamingTheSetting() {
        Map<String, Object> kafka = serviceKafkaConfig();
        kafka.put("security.protocol", "SASL_PLAINTEXT");

        assertThatThrownBy(() -> KafkaClientSettings.from(kafka))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("security.protocol must be SASL_SSL (KAFKA_SECURITY_PROTOCOL)");
    }

    @Test
    void givenTheMskIamMechanismWithoutItsLoginModule_whenRead_thenItIsRefusedNamingTheSetting() {
        Map<String, Object> kafka = serviceKafkaConfig();
        kafka.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;");

        assertThatThrownBy(() -> KafkaClientSettings.from(kafka))
                .hasMessageContaining("sasl.jaas.config must be '" + MskIam.LOGIN_MODULE + " required;'");
    }

    @Test
    void givenTheMskIamMechanismWithoutItsCallbackHandler_whenRead_thenItIsRefusedNamingTheSetting() {
        Map<String, Object> kafka = serviceKafkaConfig();
        kafka.remove("sasl.client.callback.handler.class");

        assertThatThrownBy(() -> KafkaClientSettings.from(kafka))
                .hasMessageContaining("KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS");
    }
}
