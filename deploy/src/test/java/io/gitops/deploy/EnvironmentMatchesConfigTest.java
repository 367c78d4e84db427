package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every GITOPS_*, QUARKUS_* and KAFKA_* variable that docker-compose.yml or the Helm chart (default and production
 * values) gives a service names a configuration key the service declares (application.properties,
 * {@code @ConfigMapping}, README configuration table). A service that is not written yet is skipped, naming the
 * variables it will have to accept.
 */
class EnvironmentMatchesConfigTest {

    private static final String[] PLATFORM_PREFIXES = {"GITOPS_", "QUARKUS_", "KAFKA_"};

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenAServicesDeployEnvironment_whenEachVariableIsLookedUpInItsConfig_thenEveryOneNamesADeclaredKey(
            PlatformService service) {
        // Given
        Set<String> variables = deployVariables(service);
        assumeTrue(service.isWritten(), service.serviceName() + " is not written yet; compose and the chart give it "
                + variables);
        ConfigKeys keys = ConfigKeys.of(service);

        // When
        Set<String> undeclared = new TreeSet<>();
        for (String variable : variables) {
            if (!keys.declaresEnvironment(variable)) {
                undeclared.add(variable);
            }
        }

        // Then
        assertThat(undeclared).as("variables of %s with no key in its config (its keys: %s)", service.serviceName(),
                keys.keys().stream().filter(k -> k.startsWith(service.configPrefix() + ".")).toList()).isEmpty();
        assertThat(variables).contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void givenIngestsConfigMapping_whenVariablesAreLookedUp_thenDeclaredOnesMatchAndAMisspeltOneDoesNot() {
        // Given
        ConfigKeys keys = ConfigKeys.of(PlatformService.INGEST);

        // When
        boolean declared = keys.declaresEnvironment("GITOPS_INGEST_MAX_BODY_BYTES")
                && keys.declaresEnvironment("GITOPS_INGEST_SECRET_FILES")
                && keys.declaresEnvironment("QUARKUS_HTTP_PORT")
                && keys.declaresEnvironment("KAFKA_BOOTSTRAP_SERVERS");
        boolean misspelt = keys.declaresEnvironment("GITOPS_INGEST_SECRET_FILE");

        // Then
        assertThat(declared).isTrue();
        assertThat(misspelt).isFalse();
    }

    @Test
    void givenKafkaClientVariables_whenLookedUp_thenStandardClientPropertiesMatchAndAMisspeltOneDoesNot() {
        // Given
        ConfigKeys keys = ConfigKeys.of(PlatformService.INGEST);

        // When
        Map<String, Boolean> declared = new java.util.TreeMap<>();
        for (String variable : List.of("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_KEY_PASSWORD", "KAFKA_CLIENT_DNS_LOOKUP",
                "KAFKA_SECURITY_PROTOCOLS", "KAFKA_SASL_JASS_CONFIG")) {
            declared.put(variable, keys.declaresEnvironment(variable));
        }

        // Then
        assertThat(declared).containsOnly(Map.entry("KAFKA_CLIENT_DNS_LOOKUP", true),
                Map.entry("KAFKA_SASL_JAAS_CONFIG", true), Map.entry("KAFKA_SASL_MECHANISM", true),
                Map.entry("KAFKA_SECURITY_PROTOCOL", true), Map.entry("KAFKA_SSL_KEY_PASSWORD", true),
                Map.entry("KAFKA_SSL_TRUSTSTORE_LOCATION", true),
                Map.entry("KAFKA_SECURITY_PROTOCOLS", false), Map.entry("KAFKA_SASL_JASS_CONFIG", false));
    }

    @Test
    void givenIngestsEmbeddedServiceConfig_whenItsSharedKeysAreLookedUp_thenTheyAreFollowedIntoTheServiceKit() {
        // Given ingest's @WithParentName ServiceConfig service()
        ConfigKeys keys = ConfigKeys.of(PlatformService.INGEST);

        // When
        Set<String> shared = new TreeSet<>(keys.keys());
        shared.retainAll(Set.of("gitops.ingest.ack-timeout", "gitops.ingest.create-topics",
                "gitops.ingest.replication-factor", "gitops.ingest.startup-timeout", "gitops.ingest.dedupe-capacity",
                "gitops.ingest.retry.max-attempts", "gitops.ingest.retry.first-backoff",
                "gitops.ingest.retry.max-backoff"));

        // Then
        assertThat(shared).hasSize(8);
        assertThat(keys.keys()).doesNotContain("gitops.ingest.service");
    }

    @Test
    void givenTheBuildOrchestratorsNestedConfigGroups_whenVariablesAreLookedUp_thenNestedKeysMatchInKebabCase() {
        // Given
        assumeTrue(Repo.path("services/build-orchestrator/src/main/java/io/gitops/build/BuildConfig.java").toFile()
                .isFile(), "BuildConfig not written yet");
        ConfigKeys keys = ConfigKeys.of(PlatformService.BUILD_ORCHESTRATOR);

        // When
        boolean nested = keys.declaresEnvironment("GITOPS_BUILD_CONFIG_REPO_URL")
                && keys.declaresEnvironment("GITOPS_BUILD_REGISTRY_ECR_FAIL_ON_SEVERITIES")
                && keys.declaresEnvironment("GITOPS_BUILD_GIT_URL_TEMPLATE");
        boolean flattened = keys.declaresEnvironment("GITOPS_BUILD_URL");

        // Then
        assertThat(nested).isTrue();
        assertThat(flattened).isFalse();
    }

    @Test
    void givenKeysInEveryNotation_whenTurnedIntoEnvironmentNames_thenTheyFollowMicroProfileConfig() {
        // Given
        Map<String, String> expected = Map.of(
                "gitops.ingest.max-body-bytes", "GITOPS_INGEST_MAX_BODY_BYTES",
                "kafka.bootstrap.servers", "KAFKA_BOOTSTRAP_SERVERS",
                "quarkus.http.port", "QUARKUS_HTTP_PORT");

        // When / Then
        expected.forEach((key, env) -> assertThat(ConfigKeys.environmentName(key)).isEqualTo(env));
        assertThat(ConfigKeys.kebab("ackTimeout")).isEqualTo("ack-timeout");
        assertThat(ConfigKeys.kebab("failOnSeverities")).isEqualTo("fail-on-severities");
    }

    /** The platform variables compose and the chart (default and production values) set for the service. */
    static Set<String> deployVariables(PlatformService service) {
        Set<String> variables = new TreeSet<>();
        Compose.environment(Compose.load().service(service.serviceName())).keySet().stream()
                .filter(EnvironmentMatchesConfigTest::isPlatformVariable).forEach(variables::add);
        for (Chart.Rendered rendered : renders()) {
            Container container = HelmChartTest.container(rendered, service);
            container.getEnv().stream().map(EnvVar::getName).filter(EnvironmentMatchesConfigTest::isPlatformVariable)
                    .forEach(variables::add);
        }
        return variables;
    }

    private static List<Chart.Rendered> renders;

    /** The chart with default and with production values, rendered once for all services. */
    private static synchronized List<Chart.Rendered> renders() {
        if (renders == null) {
            renders = List.of(Chart.renderDefaults(),
                    Chart.render(Chart.withSha(Map.of()), Chart.DIRECTORY.resolve("ci/production-values.yaml")));
        }
        return renders;
    }

    private static boolean isPlatformVariable(String name) {
        for (String prefix : PLATFORM_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
