package io.gitops.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        int port = ports.of(PART);
        int controller = ports.of("kafka-controller");
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "") ;
    }

    /** Starts the broker and creates the topics, with the launcher's admin client on {@code kafka}'s connection. */
    public static ManagedProcess start(StackLayout layout, Ports ports, KafkaClientSettings kafka, Duration timeout)
            throws IOException {
        Path dataDir = layout.data().resolve("kafka");
        Files.createDirectories(dataDir);
        Path properties = layout.stateDir().resolve("kafka-server.properties");
        Files.writeString(properties, serverProperties(ports, dataDir), StandardCharsets.UTF_8);
        List<String> java = javaCommand(layout);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(java);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", properties.toString(), "--ignore-formatted"));
            ManagedProcess formatting = ManagedProcess.start("kafka-format", layout, format, Map.of(), layout.repoRoot());
            formatting.await(() -> !formatting.alive(), timeout, "storage formatting");
        }
        List<String> run = new ArrayList<>(java);
        run.addAll(List.of("-Xms128m", "-Xmx512m", "kafka.Kafka", properties.toString()));
        ManagedProcess broker = ManagedProcess.start(PART, layout, run, Map.of(), layout.repoRoot());
        try (var admin = TopicAdmin.admin(kafka, Duration.ofSeconds(2))) {
            broker.await(() -> TopicAdmin.reachable(admin, Duration.ofSeconds(2)), timeout, "the broker answering");
        }
        List<Topics.TopicSpec> topics = new ArrayList<>(Topics.ALL);
        Topics.ALL.forEach(t -> topics.add(t.deadLetter()));
        TopicAdmin.ensureTopics(kafka, topics, (short) 1, timeout);
        return broker;
    }

    private static List<String> javaCommand(StackLayout layout) {
        return new ArrayList<>(List.of(Java.executable(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.level=WARN", "-cp", layout.launcherLib() + "/*"));
    }
}
