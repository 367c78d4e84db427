package io.gitops.build.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Which values of the orchestrator's environment are masked in stage output. */
class SecretValuesTest {

    @Test
    void givenTheOrchestratorsEnvironment_whenItsSecretsAreCollected_thenSecretNamedValuesAndJaasPasswordsAreTaken() {
        Map<String, String> env = Map.of("GITOPS_BUILD_SONARQUBE_TOKEN", "squ_abcdef",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"build\" password=\"kafka-pw\";",
                "GITOPS_KAFKA_PASSWORD", "p", "PATH", "/usr/bin", "HOME", "/root");

        assertThat(SecretValues.fromEnvironment(env)).contains("squ_abcdef", "wJalrXUtnFEMI", "AKIAIOSFODNN7",
                "kafka-pw").doesNotContain("/usr/bin", "/root", "p");
    }
}
