package io.gitops.testing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka 4.1 broker (KRaft, combined broker and controller) running inside the test JVM.
 *
 * <p>{@link #shared()} starts one broker per JVM (per Maven module, since Surefire and Failsafe reuse one fork) and
 * closes it when the JVM exits, so every test in a module pays the ~2-3 s start once. Topics are never auto-created:
 * tests and services create what they declare, as in production.
 *
 * <p>{@link #secured()} starts a private broker as the launcher's {@code ./gitops up} runs it: every listener
 * {@code SASL_PLAINTEXT}, clients log in with SCRAM-SHA-512 ({@link #createScramUser}), KRaft's
 * {@code StandardAuthorizer} allows only what an ACL allows ({@link #createAcls}), {@value #ADMIN} is the super user.
 * The admin itself logs in with PLAIN (a static credential in the listener's JAAS configuration), because SCRAM
 * credentials can only be created once somebody is allowed to create them; {@link #admin()}, {@link #newConsumer()}
 * and the reading helpers use it.
 */
public final class KafkaTestBroker implements AutoCloseable {

    /** The super user of a {@link #secured()} broker. */
    public static final String ADMIN = "admin";
    /** The mechanism service principals log in with on a {@link #secured()} broker. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final String LISTENER = "external";
    private static KafkaTestBroker shared;

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Map<String, Object> adminConnection;

    private KafkaTestBroker(KafkaClusterTestKit cluster, Map<String, Object> adminConnection) {
        this.cluster = cluster;
        this.bootstrapServers = cluster.bootstrapServers();
        this.adminConnection = Map.copyOf(adminConnection);
    }

    /** The broker shared by every test of this JVM; started on first use. */
    public static synchronized KafkaTestBroker shared() {
        if (shared == null) {
            shared = start();
            KafkaTestBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-broker-shutdown"));
        }
        return shared;
    }

    /** Starts a new, private PLAINTEXT broker; the caller closes it. */
    public static KafkaTestBroker start() {
        return start(Map.of(), Map.of());
    }

    /**
     * Starts a new, private broker with SASL/SCRAM authentication and the StandardAuthorizer (see the class
     * comment); the caller closes it.
     */
    public static KafkaTestBroker secured() {
        String password = UUID.randomUUID().toString();
        String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                + "\" password=\"" + password + "\" user_" + ADMIN + "=\"" + password + "\";";
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        server.put("sasl.enabled.mechanisms", "PLAIN," + SCRAM_MECHANISM);
        server.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        server.put("sasl.mechanism.controller.protocol", "PLAIN");
        server.put("listener.name." + LISTENER + ".plain.sasl.jaas.config", plain);
        server.put("listener.name." + LISTENER + ".scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        server.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        server.put("listener.name.controller.plain.sasl.jaas.config", plain);
        server.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        server.put("super.users", "User:" + ADMIN);
        server.put("allow.everyone.if.no.acl.found", "false");
        Map<String, Object> admin = new LinkedHashMap<>();
        admin.put("security.protocol", "SASL_PLAINTEXT");
        admin.put("sasl.mechanism", "PLAIN");
        admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + ADMIN + "\" password=\"" + password + "\";");
        return start(server, admin);
    }

    private static KafkaTestBroker start(Map<String, Object> serverConfig, Map<String, Object> adminConnection) {
        quietBrokerLogs();
        // A broker shutting down while the JVM exits (or its temp dirs vanish) may ask to halt the process; in a test
        // JVM that would turn a passing run into a crashed fork, so Kafka's exit and halt requests are ignored here.
        org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> { });
        org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> { });
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("auto.create.topics.enable", "false")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "1");
            serverConfig.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaTestBroker(cluster, adminConnection);
        } catch (Exception e) {
            throw new IllegalStateException("in-JVM Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    private static void quietBrokerLogs() {
        for (String category : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            Logger.getLogger(category).setLevel(Level.WARNING);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates topics (idempotent: existing topics are left as they are). */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        try (Admin admin = admin()) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    public void createTopic(String name, int partitions) {
        createTopics(Map.of(name, partitions));
    }

    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Whether clients must log in ({@link #secured()}). */
    public boolean isSecured() {
        return !adminConnection.isEmpty();
    }

    /** An admin client (the super user on a secured broker). */
    public Admin admin() {
        return Admin.create(adminConfig());
    }

    /** The admin's client configuration (bootstrap servers, and its login on a secured broker). */
    public Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(adminConnection);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /**
     * A client configuration logging in as {@code username} with SCRAM-SHA-512 (bootstrap servers, security
     * protocol, mechanism and JAAS configuration); add the client's own settings to it.
     */
    public Map<String, Object> clientConfig(String username, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", SCRAM_MECHANISM);
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + username + "\" password=\"" + password + "\";");
        return config;
    }

    /** Creates (or replaces) the SCRAM-SHA-512 credential of {@code username}, as the admin. */
    public void createScramUser(String username, String password) {
        UserScramCredentialUpsertion upsertion = new UserScramCredentialUpsertion(username,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password);
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(upsertion)).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM user " + username, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create SCRAM user " + username, e.getCause());
        }
        awaitLogin(username, password);
    }

    /** The controller applies a new credential asynchronously: wait until the broker accepts the login. */
    private void awaitLogin(String username, String password) {
        Map<String, Object> config = clientConfig(username, password);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().nodes().get();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + username + " cannot log in", e.getCause());
                }
            }
        }
    }

    /** Creates ACLs as the admin, and waits until the broker's authorizer has them. */
    public void createAcls(Collection<AclBinding> acls) {
        try (Admin admin = admin()) {
            admin.createAcls(acls).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(new HashSet<>(acls))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create ACLs", e.getCause());
        }
    }

    /** A consumer (the admin on a secured broker) reading from the earliest offset in a fresh group; the caller closes it. */
    public KafkaConsumer<String, byte[]> newConsumer() {
        Properties props = new Properties();
        props.putAll(adminConnection);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads {@code topics} from the beginning until {@code done} holds for what was read, or {@code timeout} passes.
     * Returns everything read, in partition order per partition.
     */
    public List<ConsumerRecord<String, byte[]>> readUntil(Collection<String> topics,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                          Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            assignFromBeginning(consumer, topics);
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads whatever the topic holds now (up to {@code settle} of quiet after the last record). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration settle) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = newConsumer()) {
            assignFromBeginning(consumer, List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < settle.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(100));
                if (!batch.isEmpty()) {
                    batch.forEach(records::add);
                    quietSince = System.nanoTime();
                }
            }
        }
        return records;
    }

    /** Assigns every partition of {@code topics} (no consumer group needed) and seeks to the beginning. */
    private static void assignFromBeginning(KafkaConsumer<String, byte[]> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Stops the broker (the controller keeps running) to test what clients do during an outage. */
    public void stopBroker() {
        BrokerServer broker = broker();
        broker.shutdown();
        broker.awaitShutdown();
    }

    /** Starts the broker again after {@link #stopBroker()}, on the same address, and waits until it serves. */
    public void startBroker() {
        broker().startup();
        try {
            cluster.waitForReadyBrokers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker did not come back", e.getCause());
        }
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("in-JVM Kafka broker did not stop cleanly", e);
        }
    }
}
