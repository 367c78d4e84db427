package io.gitops.kit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.gitops.kit.EventPublisher;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    static final Map<String, Object> QUARKUS_KAFKA = Map.of(
            "bootstrap.servers", "b-1.msk:9096,b-2.msk:9096",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"sync-engine\" password=\"s3cret\";",
            "ssl.truststore.location", "/etc/kafka/truststore.jks",
            "ssl.truststore.password", "changeit",
            "client.dns.lookup", "use_all_dns_ips",
            "group.id", "not-a-connection-setting",
            "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");

    @Test
    void givenTheServicesKafkaConfig_whenRead_thenBootstrapAndEveryConnectionAndSecuritySettingAreKept() {
        KafkaClientSettings settings = KafkaClientSettings.from(QUARKUS_KAFKA);

        assertThat(settings.bootstrapServers()).isEqualTo("b-1.msk:9096,b-2.msk:9096");
        assertThat(settings.connection()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location", "ssl.truststore.password", "client.dns.lookup");
        assertThat(settings.securityProtocol()).isEqualTo("SASL_SSL");
    }

    @Test
    void givenSecuritySettings_whenAProducerIsConfigured_thenTheyReachItBesideItsOwnSettings() {
        KafkaClientSettings settings = KafkaClientSettings.from(QUARKUS_KAFKA);

        Properties producer = EventPublisher.producerConfig(settings, "sync-engine", Duration.ofSeconds(5), Map.of());

        assertThat(producer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "b-1.msk:9096,b-2.msk:9096")
                .containsEntry("acks", "all")
                .doesNotContainKey("group.id");
    }

    @Test
    void givenSecrets_whenPrinted_thenTheyAreMasked() {
        String printed = KafkaClientSettings.from(QUARKUS_KAFKA).toString();

        assertThat(printed).doesNotContain("s3cret").doesNotContain("changeit").contains("SCRAM-SHA-512")
                .contains("sasl.jaas.config=****").contains("ssl.truststore.password=****");
    }

    @Test
    void givenOnlyABootstrap_whenBuilt_thenPlaintextWithNoOtherSetting() {
        KafkaClientSettings settings = KafkaClientSettings.of("127.0.0.1:19092");

        assertThat(settings.securityProtocol()).isEqualTo("PLAINTEXT");
        assertThat(settings.clientConfig()).containsOnly(Map.entry("bootstrap.servers", "127.0.0.1:19092"));
    }

    @Test
    void givenNoBootstrap_whenRead_thenTheErrorNamesTheSetting() {
        assertThatThrownBy(() -> KafkaClientSettings.from(Map.of("security.protocol", "SSL")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrap.servers");
        assertThatThrownBy(() -> KafkaClientSettings.of(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
