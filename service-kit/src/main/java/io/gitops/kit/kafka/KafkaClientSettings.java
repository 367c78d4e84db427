package io.gitops.kit.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The one source of a service's Kafka connection settings: the bootstrap servers plus every standard client property
 * that says how to reach and authenticate to the broker ({@code security.protocol}, {@code sasl.*}, {@code ssl.*},
 * {@code client.dns.lookup}, ...). Every producer, consumer, admin client and replay the service creates starts from
 * {@link #clientProperties()}, and the SmallRye channels read the same {@code kafka.*} configuration, so a security
 * change is made in one place.
 *
 * <p>In a Quarkus service build it from the map SmallRye itself uses:
 * {@code @Inject @Identifier("default-kafka-broker") Map<String, Object> kafka} then {@link #from(Map)}.
 * {@link #toString()} masks every password, secret, token and JAAS configuration. A configuration selecting Amazon MSK
 * IAM ({@code sasl.mechanism=AWS_MSK_IAM}) must carry all of {@link MskIam#properties()}, or construction fails.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param connection       the connection and security properties, without {@code bootstrap.servers}
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> connection) {

    public KafkaClientSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrap.servers");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka bootstrap.servers is empty");
        }
        connection = Map.copyOf(connection);
        MskIam.requireComplete(connection);
    }

    /** Plain connection to {@code bootstrapServers} (no security settings). */
    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    /**
     * From a Kafka configuration map (keys as Kafka names them, e.g. Quarkus' {@code default-kafka-broker} map of the
     * {@code kafka.*} properties): keeps {@code bootstrap.servers} and the connection properties, drops the rest
     * (serializers, group ids and other per-client settings are each client's own).
     */
    public static KafkaClientSettings from(Map<String, ?> kafkaConfig) {
        Object bootstrap = kafkaConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null) {
            throw new IllegalArgumentException("kafka bootstrap.servers is not set (KAFKA_BOOTSTRAP_SERVERS)");
        }
        Map<String, String> connection = new TreeMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (value != null && isConnectionProperty(key)) {
                connection.put(key, String.valueOf(value));
            }
        });
        return new KafkaClientSettings(String.valueOf(bootstrap), connection);
    }

    /** Whether a client property is about reaching or authenticating to the broker. */
    public static boolean isConnectionProperty(String key) {
        return key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")
                || key.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)
                || key.equals(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG);
    }

    /** {@code bootstrap.servers} and the connection properties, for a new client to add its own settings to. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** The same as {@link #clientProperties()}, as a map. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>(connection);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    /** The security protocol in use ({@code PLAINTEXT} when none is set). */
    public String securityProtocol() {
        return connection.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        connection.forEach((key, value) -> shown.put(key, isSecret(key) ? "****" : value));
        return "KafkaClientSettings[bootstrap.servers=" + bootstrapServers + ", " + shown + "]";
    }

    private static boolean isSecret(String key) {
        return key.contains("password") || key.contains("secret") || key.contains("jaas") || key.contains("token")
                || key.endsWith(".key");
    }
}
