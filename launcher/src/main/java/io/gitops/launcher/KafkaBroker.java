package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gitops.events.Topics;
import io.gitops.kit.TopicAdmin;
import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.common.Uuid;

/**
 * The embedded Kafka: one KRaft node (broker and controller) in its own JVM, run from the launcher's dependency
 * directory, data under {@code .gitops/data/kafka}. Topics are created as {@link Topics} declares them, with their
 * dead-letter topics.
 */
public final class KafkaBroker {

    public static final String PART = "kafka";

    private KafkaBroker() {
    }

    public static String bootstrap(Ports ports) {
        return "127.0.0.1:" + ports.of(PART);
    }

    static String serverProperties(Ports ports, Path dataDir) {
        return serverProperties(ports, dataDir, KafkaSecurity.plaintext());
    }

    /**
     * One KRaft node on loopback. Secured: the client listener is {@code SASL_PLAINTEXT} with SCRAM-SHA-512 (the
     * credentials are added when the storage is formatted), the controller listener {@code SASL_PLAINTEXT} with PLAIN
     * for the node's own {@value KafkaAcls#ADMIN} login (SCRAM cannot serve the controller: its credentials live in
     * the metadata the controller serves), and {@code StandardAuthorizer} denies what no ACL allows.
     */
    static String serverProperties(Ports ports, Path dataDir, KafkaSecurity security) {
        int port = ports.of(PART);
        int controller = ports.of("kafka-controller");
        String client = security.enabled() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=" + client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=" + client + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + client + ":" + client + ",CONTROLLER:" + client,
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false"));
        if (security.enabled()) {
            String admin = KafkaAcls.ADMIN;
            String password = security.password(admin);
            lines.addAll(List.of(
                    "inter.broker.listener.name=SASL_PLAINTEXT",
                    "sasl.enabled.mechanisms=" + KafkaSecurity.MECHANISM,
                    "sasl.mechanism.inter.broker.protocol=" + KafkaSecurity.MECHANISM,
                    "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                            + KafkaSecurity.jaas(admin, password),
                    "sasl.mechanism.controller.protocol=PLAIN",
                    "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                    "listener.name.controller.plain.sasl.jaas.config="
                            + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                            + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";",
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "super.users=User:" + admin,
                    "allow.everyone.if.no.acl.found=false"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** Starts the broker and creates the topics, with the launcher's admin client on {@code kafka}'s connection. */
    public static ManagedProcess start(StackLayout layout, Ports ports, KafkaClientSettings kafka, Duration timeout)
            throws IOException {
        return start(layout, ports, KafkaSecurity.plaintext(), kafka, timeout);
    }

    /**
     * Starts the broker secured as {@code security} says (SCRAM credentials of every principal added at format time),
     * then, as {@code admin} (the admin's login when secured), creates the topics and {@link KafkaAcls#bindings()}.
     */
    public static ManagedProcess start(StackLayout layout, Ports ports, KafkaSecurity security,
                                       KafkaClientSettings admin, Duration timeout) throws IOException {
        KafkaClientSettings kafka = admin;
        Path dataDir = layout.data().resolve("kafka");
        Files.createDirectories(dataDir);
        Path properties = layout.stateDir().resolve("kafka-server.properties");
        writePrivately(properties, serverProperties(ports, dataDir, security));
        List<String> java = javaCommand(layout);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(java);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", properties.toString(), "--ignore-formatted"));
            format.addAll(List.of(security.formatArguments()));
            ManagedProcess formatting = ManagedProcess.start("kafka-format", layout, format, Map.of(), layout.repoRoot());
            formatting.await(() -> !formatting.alive(), timeout, "storage formatting");
        }
        List<String> run = new ArrayList<>(java);
        run.addAll(List.of("-Xms128m", "-Xmx512m", "kafka.Kafka", properties.toString()));
        ManagedProcess broker = ManagedProcess.start(PART, layout, run, Map.of(), layout.repoRoot());
        try (var client = TopicAdmin.admin(kafka, Duration.ofSeconds(2))) {
            broker.await(() -> TopicAdmin.reachable(client, Duration.ofSeconds(2)), timeout, "the broker answering");
        }
        List<Topics.TopicSpec> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(t -> topics.add(t.deadLetter()));
        TopicAdmin.ensureTopics(kafka, topics, (short) 1, timeout);
        if (security.enabled()) {
            createAcls(kafka, timeout);
        }
        return broker;
    }

    /** Creates {@link KafkaAcls#bindings()} (idempotent: the broker keeps one copy of an identical ACL). */
    static void createAcls(KafkaClientSettings admin, Duration timeout) {
        try (var client = TopicAdmin.admin(admin, timeout)) {
            client.createAcls(KafkaAcls.bindings()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while creating the Kafka ACLs");
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("could not create the Kafka ACLs: " + e.getMessage(), e);
        }
    }

    /** The server properties hold the admin's password: readable by the owner only. */
    private static void writePrivately(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static List<String> javaCommand(StackLayout layout) {
        return new ArrayList<>(List.of(Java.executable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.level=WARN", "-cp", layout.launcherLib() + "/*"));
    }
}
