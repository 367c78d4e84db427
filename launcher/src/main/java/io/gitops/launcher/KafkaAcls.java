package io.gitops.launcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.gitops.events.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the stack's broker: one principal per service, the operator, the {@value #DLQ_REPLAY}
 * principal, and the launcher's {@value #ADMIN}
 * super user. This table is the one the launcher applies ({@link #bindings()}) and the one docs/architecture.md shows
 * ({@link #markdown()}); a test checks it against the topics and consumer groups the services declare.
 *
 * <p>Every principal may DESCRIBE the topics it reads or writes (metadata, offsets, {@code listTopics}); a service may
 * also CREATE them and DESCRIBE_CONFIGS them (its {@code create-topics} start-up: {@code TopicAdmin.ensureTopics}
 * creates what is missing and reads each existing topic's {@code max.message.bytes}; the launcher creates every topic
 * first, with the declared limits, so no service needs ALTER_CONFIGS). No principal needs a cluster right: since
 * Kafka 3.0 (KIP-679) an idempotent producer needs only WRITE on a topic, not IDEMPOTENT_WRITE.
 */
public final class KafkaAcls {

    /** The launcher's super user: SCRAM credentials, topics and ACLs; never given to a service. */
    public static final String ADMIN = "admin";
    /** Reads every topic, writes none: {@code ./gitops events}, {@code demo}, people. */
    public static final String OPERATOR = "operator";
    /**
     * Replays dead letters ({@code ./gitops dlq replay}): reads the dead-letter topics (no group) and writes the
     * topics that have consumers, nothing else; the operator stays read-only.
     */
    public static final String DLQ_REPLAY = "dlq-replay";
    /** Consumer groups the operator may use. */
    public static final String OPERATOR_GROUP_PREFIX = "gitops-operator-";

    /**
     * One principal's rights.
     *
     * @param principal     the SCRAM user name ({@code User:<principal>})
     * @param writes        topics it produces to, dead-letter topics included
     * @param reads         topics it consumes (with a group) or replays (assigned partitions, no group)
     * @param groups        consumer group ids it may use
     * @param groupPrefixes consumer group id prefixes it may use (a group name made unique per start)
     * @param createsTopics whether it may create the topics it reads or writes and describe their configs
     */
    public record Grant(String principal, List<String> writes, List<String> reads, List<String> groups,
                        List<String> groupPrefixes, boolean createsTopics) {

        public Grant {
            writes = List.copyOf(writes);
            reads = List.copyOf(reads);
            groups = List.copyOf(groups);
            groupPrefixes = List.copyOf(groupPrefixes);
        }

        /** Topics it reads or writes, in table order. */
        public Set<String> topics() {
            Set<String> topics = new LinkedHashSet<>(writes);
            topics.addAll(reads);
            return topics;
        }

        /** True when a group id is one of its groups or starts with one of its prefixes. */
        public boolean mayUseGroup(String group) {
            return groups.contains(group) || groupPrefixes.stream().anyMatch(group::startsWith);
        }
    }

    private static final List<Grant> GRANTS = List.of(
            new Grant("ingest",
                    List.of(Topics.WEBHOOK_RECEIVED),
                    List.of(Topics.WEBHOOK_RECEIVED),
                    List.of(), List.of(), true),
            new Grant("build-orchestrator",
                    List.of(Topics.PIPELINE, Topics.ARTIFACT_PUBLISHED, dlq(Topics.WEBHOOK_RECEIVED)),
                    List.of(Topics.WEBHOOK_RECEIVED, Topics.PIPELINE),
                    List.of("build-orchestrator"), List.of(), true),
            new Grant("config-bumper",
                    List.of(Topics.CONFIG_CHANGED, dlq(Topics.ARTIFACT_PUBLISHED), dlq(Topics.ROLLOUT)),
                    List.of(Topics.ARTIFACT_PUBLISHED, Topics.ROLLOUT, Topics.CONFIG_CHANGED, Topics.PIPELINE),
                    List.of("config-bumper-artifacts", "config-bumper-rollouts"), List.of(), true),
            new Grant("sync-engine",
                    List.of(Topics.SYNC, dlq(Topics.CONFIG_CHANGED), dlq(Topics.ROLLOUT), dlq(Topics.WEBHOOK_RECEIVED)),
                    List.of(Topics.CONFIG_CHANGED, Topics.ROLLOUT, Topics.WEBHOOK_RECEIVED),
                    List.of("sync-engine"), List.of("sync-engine-pushes-"), true),
            new Grant("health-verifier",
                    List.of(Topics.ROLLOUT, dlq(Topics.SYNC)),
                    List.of(Topics.SYNC, Topics.ROLLOUT),
                    List.of("health-verifier"), List.of(), true),
            new Grant(OPERATOR,
                    List.of(),
                    allTopics(),
                    List.of(), List.of(OPERATOR_GROUP_PREFIX), false),
            new Grant(DLQ_REPLAY,
                    List.of(Topics.WEBHOOK_RECEIVED, Topics.ARTIFACT_PUBLISHED, Topics.ROLLOUT, Topics.CONFIG_CHANGED,
                            Topics.SYNC),
                    List.of(dlq(Topics.WEBHOOK_RECEIVED), dlq(Topics.ARTIFACT_PUBLISHED), dlq(Topics.ROLLOUT),
                            dlq(Topics.CONFIG_CHANGED), dlq(Topics.SYNC)),
                    List.of(), List.of(), false));

    private KafkaAcls() {
    }

    /** Every grant: the five services (in {@link StackSettings#SERVICES} order), the operator, the DLQ replayer. */
    public static List<Grant> grants() {
        return GRANTS;
    }

    public static Optional<Grant> grant(String principal) {
        return GRANTS.stream().filter(g -> g.principal().equals(principal)).findFirst();
    }

    /** Every principal with SCRAM credentials: the admin, then the grants'. */
    public static List<String> principals() {
        List<String> principals = new ArrayList<>(List.of(ADMIN));
        GRANTS.forEach(g -> principals.add(g.principal()));
        return principals;
    }

    /** The platform's topics and their dead-letter topics. */
    public static List<String> allTopics() {
        List<String> topics = new ArrayList<>();
        Topics.ALL.forEach(t -> topics.add(t.name()));
        Topics.ALL.forEach(t -> topics.add(t.deadLetter().name()));
        return topics;
    }

    /** The ACLs of every grant (ALLOW, any host); the admin needs none (super user). */
    public static List<AclBinding> bindings() {
        List<AclBinding> bindings = new ArrayList<>();
        GRANTS.forEach(g -> bindings.addAll(bindings(g)));
        return bindings;
    }

    static List<AclBinding> bindings(Grant grant) {
        List<AclBinding> bindings = new ArrayList<>();
        String user = "User:" + grant.principal();
        for (String topic : grant.topics()) {
            bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            if (grant.createsTopics()) {
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.CREATE));
                bindings.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL,
                        AclOperation.DESCRIBE_CONFIGS));
            }
        }
        grant.writes().forEach(t -> bindings.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE)));
        grant.reads().forEach(t -> bindings.add(allow(user, ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
        grant.groups().forEach(g -> bindings.add(allow(user, ResourceType.GROUP, g, PatternType.LITERAL, AclOperation.READ)));
        grant.groupPrefixes().forEach(p ->
                bindings.add(allow(user, ResourceType.GROUP, p, PatternType.PREFIXED, AclOperation.READ)));
        return bindings;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }

    /** The table as docs/architecture.md shows it (between its ACL table markers). */
    public static String markdown() {
        StringBuilder text = new StringBuilder();
        text.append("| Principal | Writes (WRITE, DESCRIBE) | Reads (READ, DESCRIBE) | Consumer groups (READ) | CREATE, DESCRIBE_CONFIGS on its topics |\n");
        text.append("|---|---|---|---|---|\n");
        for (Grant g : GRANTS) {
            List<String> groups = new ArrayList<>(g.groups().stream().map(s -> "`" + s + "`").toList());
            g.groupPrefixes().forEach(p -> groups.add("`" + p + "*` (prefix)"));
            text.append("| `").append(g.principal()).append("` | ")
                    .append(cell(g.writes())).append(" | ")
                    .append(g.principal().equals(OPERATOR) ? "every topic and DLQ" : cell(g.reads())).append(" | ")
                    .append(groups.isEmpty() ? "—" : String.join(", ", groups)).append(" | ")
                    .append(g.createsTopics() ? "yes" : "no").append(" |\n");
        }
        text.append("| `").append(ADMIN).append("` | super user (`super.users`), used only by the launcher | | | |\n");
        return text.toString();
    }

    private static String cell(List<String> topics) {
        return topics.isEmpty() ? "—" : String.join(", ", topics.stream().map(t -> "`" + t + "`").toList());
    }

    private static String dlq(String topic) {
        return Topics.deadLetterTopic(topic);
    }
}
