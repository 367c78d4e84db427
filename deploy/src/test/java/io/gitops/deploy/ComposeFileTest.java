package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gitops.events.Topics;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docker-compose.yml agrees with the code, the config and the other deploy files. */
class ComposeFileTest {

    /** The env_file every platform service shares (the x-platform-service anchor): its Kafka client settings. */
    private static final String KAFKA_CLIENT_ENV = "${GITOPS_KAFKA_CLIENT_ENV:-./deploy/compose/kafka-client.env}";

    private static final Set<String> INFRASTRUCTURE = Set.of("kafka", "kafka-init", "gitea", "config-repo-init",
            "registry", "prometheus", "grafana");

    @Test
    void givenTheComposeFile_whenItsServicesAreListed_thenItRunsKafkaTopicsGitRegistryPrometheusGrafanaAndTheFiveServices() {
        // Given
        Compose compose = Compose.load();

        // When
        Set<String> names = compose.services().keySet();

        // Then
        Set<String> expected = new TreeSet<>(INFRASTRUCTURE);
        for (PlatformService service : PlatformService.values()) {
            expected.add(service.serviceName());
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenAPlatformService_whenItsComposeEntryIsRead_thenItBuildsItsDockerfileWithTheRevisionAndPublishesItsQuarkusPort(
            PlatformService service) {
        // Given
        Compose compose = Compose.load();

        // When
        Map<String, Object> entry = compose.service(service.serviceName());

        // Then
        @SuppressWarnings("unchecked")
        Map<String, Object> build = (Map<String, Object>) entry.get("build");
        assertThat(build).containsEntry("context", ".");
        String dockerfile = (String) build.get("dockerfile");
        assertThat(dockerfile).isEqualTo(DockerfileTest.FILE);
        assertThat(Repo.path(dockerfile)).isRegularFile();
        @SuppressWarnings("unchecked")
        Map<String, Object> args = (Map<String, Object>) build.get("args");
        assertThat(args).containsEntry("SERVICE", service.serviceName()).containsKey("REVISION");
        assertThat(Compose.containerPorts(entry)).containsExactly(service.assignedPort());
        service.httpPort().ifPresent(port -> assertThat(service.assignedPort())
                .as("quarkus.http.port of " + service.serviceName()).isEqualTo(port));
        String quarkusPort = Compose.environment(entry).get("QUARKUS_HTTP_PORT");
        if (quarkusPort != null) {
            assertThat(Integer.parseInt(quarkusPort)).isEqualTo(service.assignedPort());
        }
        assertThat(Compose.environment(entry)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        assertThat(String.valueOf(entry.get("image"))).endsWith("/" + service.serviceName() + ":${GITOPS_TAG:-local}");
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenAPlatformService_whenItsHardeningIsRead_thenItRunsAsANumericNonRootUserOnAReadOnlyRootWithTmpfs(
            PlatformService service) {
        // Given
        Compose compose = Compose.load();

        // When
        Map<String, Object> entry = compose.service(service.serviceName());

        // Then
        assertThat(String.valueOf(entry.get("user"))).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(entry.get("read_only")).isEqualTo(true);
        assertThat(entry.get("tmpfs")).asString().contains("/tmp");
        assertThat(entry.get("cap_drop")).asString().contains("ALL");
        assertThat(entry.get("security_opt")).asString().contains("no-new-privileges:true");
        for (Compose.Mount mount : Compose.mounts(entry)) {
            if (mount.isBind()) {
                assertThat(mount.readOnly()).as(service.serviceName() + " bind mount " + mount.source()).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenAPlatformServicesNamedVolumes_whenComparedWithItsEnvironment_thenEachVolumeIsWhereAConfiguredDirectoryPoints(
            PlatformService service) {
        // Given
        Map<String, Object> entry = Compose.load().service(service.serviceName());

        // When
        List<String> targets = Compose.mounts(entry).stream().filter(m -> !m.isBind()).map(Compose.Mount::target).toList();

        // Then
        Map<String, String> env = Compose.environment(entry);
        for (String target : targets) {
            assertThat(env.entrySet()).as(service.serviceName() + " volume " + target)
                    .anySatisfy(e -> {
                        assertThat(e.getKey()).startsWith("GITOPS_").endsWith("_DIR");
                        assertThat(e.getValue()).isEqualTo(target);
                    });
        }
    }

    @Test
    void givenEveryBindMount_whenItsSourceIsResolved_thenItExistsInTheRepositoryOrIsAUserSettingWithADefault() {
        // Given
        Compose compose = Compose.load();

        // When
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Map<String, Object>> service : compose.services().entrySet()) {
            for (Compose.Mount mount : Compose.mounts(service.getValue())) {
                if (mount.source().startsWith("./")) {
                    checked++;
                    if (!Files.exists(Repo.path(mount.source()))) {
                        problems.add(service.getKey() + ": " + mount.source() + " does not exist");
                    }
                } else if (mount.isBind() && Compose.interpolationWithoutDefault(mount.source()).isPresent()) {
                    problems.add(service.getKey() + ": " + mount.source() + " has no default");
                }
            }
        }

        // Then
        assertThat(problems).isEmpty();
        assertThat(checked).as("repository files mounted").isGreaterThanOrEqualTo(7);
    }

    @Test
    void givenTheNamedVolumes_whenComparedWithTheServicesMounts_thenEachUsedVolumeIsDeclaredAndEachDeclaredOneIsUsed() {
        // Given
        Compose compose = Compose.load();

        // When
        Set<String> used = new TreeSet<>();
        for (Map<String, Object> service : compose.services().values()) {
            for (Compose.Mount mount : Compose.mounts(service)) {
                if (!mount.isBind()) {
                    used.add(mount.source());
                }
            }
        }

        // Then
        assertThat(used).containsExactlyInAnyOrderElementsOf(compose.namedVolumes().keySet());
    }

    @Test
    void givenTheKafkaService_whenItsEnvironmentIsRead_thenEveryKafkaVariableIsABrokerSettingOfAKraftCombinedNode() {
        // Given
        Map<String, String> env = Compose.environment(Compose.load().service("kafka"));
        Set<String> brokerSettings = KafkaConfig.configDef().names();

        // When
        List<String> unknown = new ArrayList<>();
        for (String name : env.keySet()) {
            if (name.startsWith("KAFKA_") && !brokerSettings.contains(apacheKafkaImageSetting(name))) {
                unknown.add(name + " -> " + apacheKafkaImageSetting(name));
            }
        }

        // Then
        assertThat(unknown).isEmpty();
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://kafka:9092");
        assertThat(Base64.getUrlDecoder().decode(env.get("CLUSTER_ID"))).as("CLUSTER_ID is a base64 UUID").hasSize(16);
        assertThat(Compose.load().service("kafka").get("image")).asString().startsWith("apache/kafka:4.1.");
        assertThat(Compose.load().service("kafka-init").get("image"))
                .isEqualTo(Compose.load().service("kafka").get("image"));
    }

    @Test
    void givenTheTopicScript_whenRead_thenItCreatesEveryDeclaredTopicWithItsPartitionsAndRetentionAndItsDeadLetterTopic() {
        // Given
        String script = Repo.read("deploy/compose/create-topics.sh");
        Map<String, Long> variables = Map.of("WEEK", 604_800_000L, "MONTH", 2_592_000_000L, "DLQ_RETENTION",
                7_776_000_000L);
        Matcher assignments = Pattern.compile("(?m)^(\\w+)=(\\d+)$").matcher(script);
        Map<String, Long> declared = new java.util.HashMap<>();
        while (assignments.find()) {
            declared.put(assignments.group(1), Long.parseLong(assignments.group(2)));
        }

        // When
        Map<String, String[]> created = new java.util.HashMap<>();
        Matcher create = Pattern.compile("(?m)^create (\\S+) (\\d+) \"\\$(\\w+)\"").matcher(script);
        while (create.find()) {
            created.put(create.group(1), new String[] {create.group(2), create.group(3)});
        }

        // Then
        assertThat(declared).containsAllEntriesOf(variables);
        for (Topics.TopicSpec topic : Topics.ALL) {
            assertThat(created).as(topic.name()).containsKey(topic.name());
            String[] spec = created.get(topic.name());
            assertThat(Integer.parseInt(spec[0])).as(topic.name() + " partitions").isEqualTo(topic.partitions());
            assertThat(Duration.ofMillis(declared.get(spec[1]))).as(topic.name() + " retention")
                    .isEqualTo(topic.retention());
            assertThat(script).contains(topic.name() + " ");
        }
        assertThat(script).contains("create \"$topic.dlq\" 1 \"$DLQ_RETENTION\"");
        assertThat(Duration.ofMillis(declared.get("DLQ_RETENTION")))
                .isEqualTo(Topics.ALL.get(0).deadLetter().retention());
        Matcher loop = Pattern.compile("for topic in ([^;]+); do").matcher(script.replace("\\\n", " "));
        assertThat(loop.find()).isTrue();
        assertThat(loop.group(1).trim().split("\\s+"))
                .containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.TopicSpec::name).toList());
    }

    @Test
    void givenThePrometheusScrapeConfig_whenComparedWithCompose_thenEveryServiceIsScrapedOnQMetricsAtItsPublishedPort() {
        // Given
        Map<String, Object> prometheus = Queries.yaml().load(Repo.read("deploy/prometheus/prometheus.yml"));

        // When
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) prometheus.get("scrape_configs");

        // Then
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : jobs) {
            String name = String.valueOf(job.get("job_name"));
            PlatformService.byServiceName(name).ifPresent(service -> {
                scraped.add(name);
                assertThat(job.get("metrics_path")).isEqualTo("/q/metrics");
                assertThat(job.get("static_configs")).asString()
                        .contains(service.serviceName() + ":" + service.assignedPort());
                assertThat(Compose.containerPorts(Compose.load().service(name))).contains(service.assignedPort());
            });
        }
        assertThat(scraped).hasSize(PlatformService.values().length);
        @SuppressWarnings("unchecked")
        List<String> ruleFiles = (List<String>) prometheus.get("rule_files");
        assertThat(ruleFiles).containsExactly("rules/*.yml");
        assertThat(Compose.mounts(Compose.load().service("prometheus")))
                .anySatisfy(m -> {
                    assertThat(m.source()).isEqualTo("./deploy/prometheus/rules");
                    assertThat(m.target()).isEqualTo("/etc/prometheus/rules");
                });
    }

    @Test
    void givenGrafana_whenItsProvisioningIsComparedWithItsMounts_thenDatasourceAndDashboardsAreWhereGrafanaLooks() {
        // Given
        Map<String, Object> grafana = Compose.load().service("grafana");
        Map<String, Object> dashboards = Queries.yaml().load(Repo.read("deploy/grafana/provisioning/dashboards/gitops.yml"));
        Map<String, Object> datasources = Queries.yaml().load(
                Repo.read("deploy/grafana/provisioning/datasources/prometheus.yml"));

        // When
        List<Compose.Mount> mounts = Compose.mounts(grafana);

        // Then
        @SuppressWarnings("unchecked")
        Map<String, Object> provider = ((List<Map<String, Object>>) dashboards.get("providers")).get(0);
        @SuppressWarnings("unchecked")
        String path = String.valueOf(((Map<String, Object>) provider.get("options")).get("path"));
        assertThat(mounts).anySatisfy(m -> {
            assertThat(m.source()).isEqualTo("./deploy/grafana/dashboards");
            assertThat(m.target()).isEqualTo(path);
        });
        assertThat(mounts).anySatisfy(m -> assertThat(m.target()).isEqualTo("/etc/grafana/provisioning/datasources"));
        assertThat(mounts).anySatisfy(m -> assertThat(m.target()).isEqualTo("/etc/grafana/provisioning/dashboards"));
        @SuppressWarnings("unchecked")
        Map<String, Object> datasource = ((List<Map<String, Object>>) datasources.get("datasources")).get(0);
        assertThat(datasource).containsEntry("url", "http://prometheus:9090").containsEntry("uid", "prometheus");
        assertThat(Compose.containerPorts(Compose.load().service("prometheus"))).contains(9090);
        String home = Compose.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(Repo.path("deploy/grafana/dashboards/" + home.substring(path.length() + 1))).isRegularFile();
    }

    @Test
    void givenEveryImage_whenItsReferenceIsRead_thenItIsPinnedToAVersionAndNeverLatest() {
        // Given
        Compose compose = Compose.load();

        // When
        List<String> images = compose.services().values().stream()
                .map(s -> Compose.withDefaults(String.valueOf(s.get("image")))).toList();

        // Then
        assertThat(images).allSatisfy(image -> {
            assertThat(image).matches(".+:[A-Za-z0-9._-]+");
            assertThat(image.toLowerCase(Locale.ROOT)).doesNotEndWith(":latest");
        });
    }

    @Test
    void givenTheWholeFile_whenItsInterpolationsAreRead_thenEachHasADefaultSoItRunsWithoutADotEnv() {
        // Given
        String text = Repo.read(Compose.FILE).replaceAll("(?m)^\\s*#.*$", "");

        // When
        List<String> withoutDefault = new ArrayList<>();
        for (String line : text.split("\n")) {
            Compose.interpolationWithoutDefault(line).ifPresent(withoutDefault::add);
        }

        // Then
        assertThat(withoutDefault).isEmpty();
    }

    @Test
    void givenTheGitServerSeed_whenRead_thenItsWebhookTargetsIngestsRouteWithTheSecretIngestChecks() {
        // Given
        String script = Repo.read("deploy/compose/config-repo-init.sh");
        Map<String, String> seed = Compose.environment(Compose.load().service("config-repo-init"));

        // When
        Map<String, String> ingest = Compose.environment(Compose.load().service("ingest"));

        // Then
        assertThat(script).contains("http://ingest:" + PlatformService.INGEST.assignedPort() + "/webhooks/github");
        assertThat(seed.get("GITOPS_WEBHOOK_SECRET")).isEqualTo(ingest.get("GITOPS_INGEST_SECRETS"));
        assertThat(script).contains("/seed/config-repo");
        for (PlatformService service : List.of(PlatformService.BUILD_ORCHESTRATOR, PlatformService.CONFIG_BUMPER,
                PlatformService.SYNC_ENGINE)) {
            String url = Compose.environment(Compose.load().service(service.serviceName())).entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_REPO_URL")).map(Map.Entry::getValue)
                    .findFirst().orElseThrow();
            assertThat(Compose.withDefaults(url)).as(service.serviceName())
                    .isEqualTo("http://gitea:3000/gitops/config.git");
        }
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void givenAPlatformService_whenItsEnvFilesAreRead_thenItGetsTheOneKafkaClientSettingsFileEveryServiceShares(
            PlatformService service) {
        // Given
        Compose compose = Compose.load();

        // When
        Object envFiles = compose.service(service.serviceName()).get("env_file");

        // Then
        assertThat(envFiles).asList().containsExactly(KAFKA_CLIENT_ENV);
        assertThat(Repo.path(Compose.withDefaults(KAFKA_CLIENT_ENV))).isRegularFile();
    }

    @Test
    void givenTheKafkaClientSettingsFile_whenItsVariablesAreRead_thenEachIsAKafkaClientPropertyAndNoneIsSetForTheLocalBroker() {
        // Given
        String file = Repo.read(Compose.withDefaults(KAFKA_CLIENT_ENV));

        // When
        Matcher assignment = Pattern.compile("(?m)^(#\\s*)?([A-Z][A-Z0-9_]*)=").matcher(file);
        Set<String> documented = new TreeSet<>();
        Set<String> set = new TreeSet<>();
        while (assignment.find()) {
            documented.add(assignment.group(2));
            if (assignment.group(1) == null) {
                set.add(assignment.group(2));
            }
        }

        // Then
        assertThat(documented).contains("KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM", "KAFKA_SASL_JAAS_CONFIG")
                .allSatisfy(name -> assertThat(ConfigKeys.isKafkaClientVariable(name)).as(name).isTrue());
        assertThat(set).as("the local broker is PLAINTEXT").isEmpty();
    }

    /** The apache/kafka image's rule: KAFKA_ dropped, lower case, '___' to '-', '__' to '_', '_' to '.'. */
    static String apacheKafkaImageSetting(String variable) {
        return variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                .replace("___", "\u0001").replace("__", "\u0002").replace('_', '.')
                .replace('\u0001', '-').replace('\u0002', '_');
    }
}
