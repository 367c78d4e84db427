package io.gitops.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.gitops.events.Topics;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ACL table against what the services declare, read from the repository: a new channel, group, dead-letter topic
 * or topic a service uses without an ACL fails here, before it fails on the secured broker.
 */
class KafkaAclsTest {

    private static final Path ROOT = StackLayout.discover(Path.of("")).repoRoot();
    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.(.+)");
    private static final Pattern OUTGOING = Pattern.compile("mp\\.messaging\\.outgoing\\.([^.]+)\\.topic");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("Topics\\.([A-Z][A-Z_]+)\\b");

    static Stream<String> services() {
        return Arrays.stream(StackSettings.SERVICES);
    }

    /** What a service's application.properties declares (default profile only). */
    record Declared(Set<String> reads, Set<String> writes, Set<String> groups) {
    }

    private static Declared declared(String service) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                ROOT.resolve("services").resolve(service).resolve("src/main/resources/application.properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Set<String> reads = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        Set<String> groups = new LinkedHashSet<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            Matcher incoming = INCOMING.matcher(key);
            if (incoming.matches()) {
                switch (incoming.group(2)) {
                    case "topic", "topics" -> Arrays.stream(value.split(",")).map(String::trim).forEach(reads::add);
                    case "group.id" -> groups.add(value);
                    case "dead-letter-queue.topic" -> writes.add(value);
                    default -> { }
                }
            }
            if (OUTGOING.matcher(key).matches()) {
                writes.add(value);
            }
        }
        return new Declared(reads, writes, groups);
    }

    /** The topic names of every {@code Topics.X} constant the service's main sources mention. */
    private static Set<String> topicsInSources(String service) throws IOException {
        Map<String, String> constants = new LinkedHashMap<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("DLQ_SUFFIX")) {
                try {
                    constants.put(field.getName(), (String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        Set<String> topics = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("services").resolve(service).resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = TOPIC_CONSTANT.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (matcher.find()) {
                    if (constants.containsKey(matcher.group(1))) {
                        topics.add(constants.get(matcher.group(1)));
                    }
                }
            }
        }
        return topics;
    }

    private static KafkaAcls.Grant grant(String principal) {
        return KafkaAcls.grant(principal).orElseThrow(() -> new AssertionError("no ACLs for " + principal));
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenAServicesChannels_whenComparedWithItsGrant_thenItReadsItsTopicsWritesTheirDeadLettersAndUsesItsGroups(
            String service) throws IOException {
        Declared declared = declared(service);

        KafkaAcls.Grant grant = grant(service);

        assertThat(grant.reads()).containsAll(declared.reads());
        assertThat(grant.writes()).containsAll(declared.writes());
        assertThat(grant.writes()).containsAll(declared.reads().stream().map(Topics::deadLetterTopic).toList());
        for (String group : declared.groups()) {
            int placeholder = group.indexOf("${");
            String literal = placeholder < 0 ? group : group.substring(0, placeholder);
            assertThat(placeholder < 0 ? grant.mayUseGroup(literal)
                    : grant.groupPrefixes().stream().anyMatch(literal::startsWith))
                    .as("%s may use consumer group %s", service, group).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void givenEveryTopicAServicesCodeMentions_whenComparedWithItsGrant_thenItMayDescribeEachOne(String service)
            throws IOException {
        Set<String> mentioned = topicsInSources(service);

        assertThat(grant(service).topics()).containsAll(mentioned);
    }

    @Test
    void givenTheGrants_whenListed_thenThereIsOnePerServiceTheOperatorAndTheReplayerAndEveryTopicExists() {
        List<String> principals = KafkaAcls.grants().stream().map(KafkaAcls.Grant::principal).toList();

        List<String> expected = new ArrayList<>(Arrays.asList(StackSettings.SERVICES));
        expected.add(KafkaAcls.OPERATOR);
        expected.add(KafkaAcls.DLQ_REPLAY);
        assertThat(principals).containsExactlyElementsOf(expected);
        assertThat(KafkaAcls.principals()).containsExactlyElementsOf(
                Stream.concat(Stream.of(KafkaAcls.ADMIN), expected.stream()).toList());
        KafkaAcls.grants().forEach(g -> assertThat(KafkaAcls.allTopics()).containsAll(g.topics()));
    }

    @Test
    void givenTheOperator_whenItsAclsAreBuilt_thenItReadsAndDescribesEveryTopicAndWritesOrCreatesNone() {
        var bindings = KafkaAcls.bindings(grant(KafkaAcls.OPERATOR));

        assertThat(bindings).noneMatch(b -> b.entry().operation() == AclOperation.WRITE
                || b.entry().operation() == AclOperation.CREATE);
        assertThat(bindings.stream().filter(b -> b.entry().operation() == AclOperation.READ
                && b.pattern().resourceType() == ResourceType.TOPIC).map(b -> b.pattern().name()))
                .containsExactlyInAnyOrderElementsOf(KafkaAcls.allTopics());
        assertThat(KafkaAcls.bindings()).noneMatch(b -> b.entry().principal().equals("User:" + KafkaAcls.ADMIN));
    }

    @Test
    void givenTheArchitectureDocument_whenRead_thenItShowsTheTableTheLauncherApplies() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);

        assertThat(doc).contains(KafkaAcls.markdown());
    }

    @Test
    void givenTheReplayer_whenItsGrantIsRead_thenItReadsEveryDeadLetterTopicADeadLetterCanComeFromAndWritesItsOriginal() {
        KafkaAcls.Grant replay = grant(KafkaAcls.DLQ_REPLAY);

        List<String> deadLetterTopicsWritten = KafkaAcls.grants().stream().flatMap(g -> g.writes().stream())
                .filter(t -> t.endsWith(".dlq")).distinct().toList();
        assertThat(replay.reads()).containsExactlyInAnyOrderElementsOf(deadLetterTopicsWritten);
        assertThat(replay.writes()).containsExactlyInAnyOrderElementsOf(deadLetterTopicsWritten.stream()
                .map(t -> t.substring(0, t.length() - ".dlq".length())).toList());
        assertThat(replay.groups()).isEmpty();
        assertThat(replay.createsTopics()).isFalse();
    }
}
