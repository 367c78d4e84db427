package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.marcnuri.helm.Helm;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart's Strimzi KafkaUsers grant exactly what the launcher's {@link KafkaAcls} grants: one source of truth
 * for who may read and write what, whether the broker is the embedded one or a Strimzi cluster. A grant added to
 * {@link KafkaAcls} fails here until {@code deploy/helm/gitops-platform/files/kafka-acls.yaml} is regenerated (the
 * failure prints the file as it should be).
 */
class KafkaUsersChartTest {

    static final Path ROOT = StackLayout.discover(Path.of("")).repoRoot();
    static final Path CHART = ROOT.resolve("deploy/helm/gitops-platform");
    static final Path ACL_FILE = CHART.resolve("files/kafka-acls.yaml");
    static final String RELEASE = "gitops";
    static final String SHA = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";

    /** One ACL entry, as both sides can express it. */
    record Acl(String principal, ResourceType type, String name, PatternType pattern, AclOperation operation)
            implements Comparable<Acl> {
        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }
    }

    /** The file the chart reads its grants from, as {@link KafkaAcls#grants()} makes it. */
    static String expectedAclFile() {
        StringBuilder text = new StringBuilder("""
                # Who may read and write what on the broker: the launcher's KafkaAcls table (docs/architecture.md), which the
                # KafkaUsers of templates/kafkausers.yaml grant. Generated from launcher KafkaAcls: KafkaUsersChartTest fails when
                # they differ and prints this file as it should be.
                grants:
                """);
        for (KafkaAcls.Grant grant : KafkaAcls.grants()) {
            text.append("  - principal: ").append(grant.principal()).append('\n')
                    .append("    writes: ").append(list(grant.writes())).append('\n')
                    .append("    reads: ").append(list(grant.reads())).append('\n')
                    .append("    groups: ").append(list(grant.groups())).append('\n')
                    .append("    groupPrefixes: ").append(list(grant.groupPrefixes())).append('\n')
                    .append("    createsTopics: ").append(grant.createsTopics()).append('\n');
        }
        return text.toString();
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }

    static Set<Acl> launcherAcls() {
        Set<Acl> acls = new TreeSet<>();
        for (AclBinding binding : KafkaAcls.bindings()) {
            acls.add(new Acl(binding.entry().principal().substring("User:".length()), binding.pattern().resourceType(),
                    binding.pattern().name(), binding.pattern().patternType(), binding.entry().operation()));
        }
        return acls;
    }

    static List<Map<String, Object>> renderKafkaUsers(String authentication) {
        String manifest = new Helm(CHART).template().withName(RELEASE).withNamespace("gitops-system")
                .set("image.tag", SHA)
                .set("kafka.strimzi.users.enabled", "true")
                .set("kafka.strimzi.users.cluster", "my-cluster")
                .set("kafka.strimzi.users.authentication", authentication)
                .call();
        List<Map<String, Object>> users = new ArrayList<>();
        for (Object document : new Yaml().loadAll(manifest)) {
            if (document instanceof Map<?, ?> object && "KafkaUser".equals(object.get("kind"))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> user = (Map<String, Object>) object;
                users.add(user);
            }
        }
        return users;
    }

    @SuppressWarnings("unchecked")
    static Set<Acl> chartAcls(List<Map<String, Object>> users) {
        Set<Acl> acls = new TreeSet<>();
        for (Map<String, Object> user : users) {
            String name = (String) ((Map<String, Object>) user.get("metadata")).get("name");
            assertThat(name).startsWith(RELEASE + "-");
            String principal = name.substring(RELEASE.length() + 1);
            Map<String, Object> authorization = (Map<String, Object>) ((Map<String, Object>) user.get("spec"))
                    .get("authorization");
            assertThat(authorization).containsEntry("type", "simple");
            for (Map<String, Object> rule : (List<Map<String, Object>>) authorization.get("acls")) {
                Map<String, Object> resource = (Map<String, Object>) rule.get("resource");
                assertThat(rule).containsEntry("host", "*");
                for (String operation : (List<String>) rule.get("operations")) {
                    acls.add(new Acl(principal,
                            ResourceType.fromString((String) resource.get("type")),
                            (String) resource.get("name"),
                            "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL,
                            AclOperation.fromString(operation.replaceAll("([a-z])([A-Z])", "$1_$2"))));
                }
            }
        }
        return acls;
    }

    @Test
    void givenTheChartsGrantFile_whenComparedWithTheLaunchersTable_thenItIsGeneratedFromIt() throws IOException {
        String actual = Files.readString(ACL_FILE, StandardCharsets.UTF_8);

        assertThat(actual).as("%s must be (regenerate it from KafkaAcls):%n%s", ACL_FILE, expectedAclFile())
                .isEqualTo(expectedAclFile());
    }

    @Test
    void givenStrimziUsersEnabled_whenTheChartIsRendered_thenTheKafkaUsersGrantExactlyTheLaunchersAcls() {
        List<Map<String, Object>> users = renderKafkaUsers("scram-sha-512");

        assertThat(chartAcls(users)).as("the KafkaUsers' ACLs (fix %s:%n%s)", ACL_FILE, expectedAclFile())
                .containsExactlyElementsOf(launcherAcls());
        assertThat(users.stream().map(u -> (String) ((Map<?, ?>) u.get("metadata")).get("name")).toList())
                .containsExactlyElementsOf(KafkaAcls.grants().stream().map(g -> RELEASE + "-" + g.principal())
                        .toList())
                .doesNotContain(RELEASE + "-" + KafkaAcls.ADMIN);
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenTlsAuthentication_whenTheChartIsRendered_thenEveryKafkaUserIsATlsUserOfTheNamedCluster() {
        List<Map<String, Object>> users = renderKafkaUsers("tls");

        assertThat(users).isNotEmpty().allSatisfy(user -> {
            assertThat((Map<String, Object>) ((Map<String, Object>) user.get("metadata")).get("labels"))
                    .containsEntry("strimzi.io/cluster", "my-cluster");
            assertThat((Map<String, Object>) ((Map<String, Object>) user.get("spec")).get("authentication"))
                    .containsEntry("type", "tls");
        });
        assertThat(chartAcls(users)).containsExactlyElementsOf(launcherAcls());
    }
}
