package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.gitops.kit.kafka.KafkaClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherKafkaSettingsTest {

    private static final String BOOTSTRAP = "127.0.0.1:19092";

    @TempDir
    Path dir;

    @Test
    void givenNoPropertiesFileAndNoKafkaVariables_whenRead_thenOnlyTheStacksBootstrapIsSet() {
        // Given
        Map<String, String> env = Map.of("HOME", "/home/dev");

        // When
        KafkaClientSettings kafka = LauncherKafkaSettings.read(BOOTSTRAP, env);

        // Then
        assertThat(kafka.bootstrapServers()).isEqualTo(BOOTSTRAP);
        assertThat(kafka.connection()).isEmpty();
        assertThat(kafka.securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void givenAClientPropertiesFile_whenRead_thenItsConnectionPropertiesAreKeptAndTheBootstrapStaysTheStacks()
            throws IOException {
        // Given
        Path file = Files.writeString(dir.resolve("client.properties"), """
                bootstrap.servers=elsewhere:9092
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="u" password="p";
                ssl.truststore.location=/etc/kafka/ca.p12
                group.id=not-a-connection-setting
                """);

        // When
        KafkaClientSettings kafka = LauncherKafkaSettings.read(BOOTSTRAP,
                Map.of(LauncherKafkaSettings.PROPERTIES_FILE, file.toString()));

        // Then
        assertThat(kafka.bootstrapServers()).isEqualTo(BOOTSTRAP);
        assertThat(kafka.connection()).containsOnlyKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config",
                "ssl.truststore.location");
        assertThat(kafka.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(kafka.toString()).doesNotContain("password=\"p\"");
    }

    @Test
    void givenAFileAndKafkaVariables_whenRead_thenTheVariablesWinTheWayTheServicesReadThem() throws IOException {
        // Given
        Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\nsasl.mechanism=PLAIN\n");
        Map<String, String> env = Map.of(LauncherKafkaSettings.PROPERTIES_FILE, file.toString(),
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-256", "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:9092");

        // When
        KafkaClientSettings kafka = LauncherKafkaSettings.read(BOOTSTRAP, env);

        // Then
        assertThat(kafka.connection()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-256"));
        assertThat(kafka.bootstrapServers()).isEqualTo(BOOTSTRAP);
    }

    @Test
    void givenAPropertiesFileThatDoesNotExist_whenRead_thenItFailsNamingTheVariable() {
        // Given
        Map<String, String> env = Map.of(LauncherKafkaSettings.PROPERTIES_FILE, dir.resolve("missing").toString());

        // When / Then
        assertThatThrownBy(() -> LauncherKafkaSettings.read(BOOTSTRAP, env))
                .isInstanceOf(StackException.class)
                .hasMessageContaining(LauncherKafkaSettings.PROPERTIES_FILE)
                .hasMessageContaining("missing");
    }

    @Test
    void givenSecuritySettings_whenTheEventsTailsConsumerIsConfigured_thenItStartsFromThemWithoutAGroup() {
        // Given
        KafkaClientSettings kafka = new KafkaClientSettings(BOOTSTRAP,
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));

        // When
        Properties props = EventTail.consumerProperties(kafka);

        // Then
        assertThat(props).containsEntry("bootstrap.servers", BOOTSTRAP)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("client.id", "gitops-events")
                .doesNotContainKey("group.id");
    }

    @Test
    void givenTheLaunchersKafkaSettings_whenAServicesEnvironmentIsBuilt_thenItGetsThemAsKafkaVariablesBesideTheStacksOwn() {
        // Given
        StackSettings settings = new StackSettings("secret", "gitops", "pw", new LocalRegistry.Layout(
                "127.0.0.1:15000", dir.resolve("images"), "no registry server"));
        Ports ports = Ports.fromEnvironment(Map.of());
        KafkaClientSettings kafka = new KafkaClientSettings(KafkaBroker.bootstrap(ports),
                Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "x required;"));

        // When
        Map<String, String> env = settings.serviceEnv("ingest", StackLayout.at(dir), ports, kafka);

        // Then
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrap(ports))
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_SASL_JAAS_CONFIG", "x required;")
                .containsEntry("GITOPS_INGEST_SECRETS", "secret");
    }
}
