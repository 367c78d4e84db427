package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.gitops.kit.kafka.KafkaClientSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    @TempDir
    Path dir;

    private final Ports ports = Ports.fromEnvironment(Map.of());
    private final KafkaClientSettings plain = KafkaClientSettings.of(KafkaBroker.bootstrap(ports));

    @Test
    void givenNoSetting_whenTheSecurityIsChosen_thenEveryPrincipalGetsItsOwnRandomPassword() {
        KafkaSecurity security = KafkaSecurity.fromSetting(null);

        assertThat(security.enabled()).isTrue();
        assertThat(security.passwords().keySet()).containsExactlyInAnyOrderElementsOf(KafkaAcls.principals());
        assertThat(security.passwords().values()).doesNotHaveDuplicates().allMatch(p -> p.length() >= 40);
        assertThat(security.toString()).doesNotContain(security.password(KafkaAcls.ADMIN));
    }

    @Test
    void givenPlaintextOrAnUnknownValue_whenTheSecurityIsChosen_thenItIsOffOrRefused() {
        KafkaSecurity off = KafkaSecurity.fromSetting(" PlainText ");

        assertThat(off.enabled()).isFalse();
        assertThat(off.settings("ingest", plain)).isSameAs(plain);
        assertThatThrownBy(() -> KafkaSecurity.fromSetting("tls")).isInstanceOf(StackException.class)
                .hasMessageContaining(KafkaSecurity.SETTING);
    }

    @Test
    void givenASecuredStack_whenAServicesEnvironmentIsBuilt_thenItCarriesOnlyItsOwnScramLogin() {
        KafkaSecurity security = KafkaSecurity.generated();
        StackSettings settings = new StackSettings("s", "gitops", "pw",
                LocalRegistry.choose("oci-layout", false, ports, StackLayout.at(dir)));

        Map<String, String> env = settings.serviceEnv("sync-engine", StackLayout.at(dir), ports,
                security.settings("sync-engine", plain));

        assertThat(env).containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.bootstrap(ports));
        assertThat(env.get("KAFKA_SASL_JAAS_CONFIG")).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sync-engine\" "
                        + "password=\"" + security.password("sync-engine") + "\";");
        assertThat(String.join(" ", env.values())).doesNotContain(security.password(KafkaAcls.ADMIN));
    }

    @Test
    void givenASecuredStack_whenItsInfoIsWritten_thenStackEnvCarriesTheOperatorsLoginAndTheSummaryHidesItsPassword()
            throws Exception {
        KafkaSecurity security = KafkaSecurity.generated();
        StackLayout layout = StackLayout.at(dir);
        StackSettings settings = new StackSettings("s", "gitops", "pw",
                LocalRegistry.choose("oci-layout", false, ports, layout));

        StackInfo info = StackInfo.of(layout, ports, settings, security, Duration.ofSeconds(1));

        assertThat(info.variables()).containsEntry("GITOPS_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
                .containsEntry("GITOPS_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
                .containsEntry("GITOPS_KAFKA_USERNAME", "operator")
                .containsEntry("GITOPS_KAFKA_PASSWORD", security.password("operator"));
        assertThat(info.summary()).doesNotContain(security.password("operator"));
        java.nio.file.Files.createDirectories(layout.stackEnv().getParent());
        java.nio.file.Files.writeString(layout.stackEnv(), info.toEnvFile());
        KafkaClientSettings operator = LauncherKafkaSettings.of(ports, layout);
        assertThat(operator.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(operator.connection().get("sasl.jaas.config")).contains("username=\"operator\"");
    }

    @Test
    void givenAPlaintextStacksEnvFile_whenTheLauncherConnects_thenItUsesItsOwnKafkaVariablesOnTheStacksBootstrap() {
        Map<String, String> stackEnv = Map.of("GITOPS_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "GITOPS_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");

        KafkaClientSettings kafka = LauncherKafkaSettings.fromStackEnv(stackEnv, Map.of("KAFKA_CLIENT_DNS_LOOKUP",
                "use_all_dns_ips"));

        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:1");
        assertThat(kafka.securityProtocol()).isEqualTo("PLAINTEXT");
        assertThat(kafka.connection()).containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThatThrownBy(() -> LauncherKafkaSettings.fromStackEnv(Map.of(), Map.of()))
                .isInstanceOf(StackException.class);
    }
}
