package io.gitops.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import io.gitops.kit.kafka.KafkaClientSettings;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka connection of the launcher's own clients (the admin client that waits for the broker and creates the
 * topics, the events tail of {@code ./gitops events} and {@code ./gitops demo}): the stack's bootstrap servers plus
 * the standard client properties ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, ...) of
 * <ol>
 *   <li>an optional Kafka client properties file named by {@value #PROPERTIES_FILE} (the format of the
 *       {@code --command-config} file of Kafka's own tools), then</li>
 *   <li>{@code KAFKA_*} environment variables, read the way the services read them ({@code KAFKA_SASL_MECHANISM} is
 *       {@code sasl.mechanism}); the services the launcher starts inherit the same environment.</li>
 * </ol>
 * Only connection properties are kept ({@link KafkaClientSettings#from}); the bootstrap servers are always the
 * stack's. The embedded broker is secured by default ({@link KafkaSecurity}); the launcher's commands against a
 * running stack ({@code events}, {@code demo}) use the {@link KafkaAcls#OPERATOR} login that {@code up} wrote to
 * {@code .gitops/stack.env} ({@link #fromStackEnv}).
 */
public final class LauncherKafkaSettings {

    /** Environment variable naming an optional Kafka client properties file. */
    public static final String PROPERTIES_FILE = "GITOPS_KAFKA_CLIENT_PROPERTIES";
    private static final String ENV_PREFIX = "KAFKA_";

    private LauncherKafkaSettings() {
    }

    /** The settings of the stack's broker, from the launcher's own environment. */
    public static KafkaClientSettings of(Ports ports) {
        return read(KafkaBroker.bootstrap(ports), System.getenv());
    }

    /**
     * The settings of the running stack whose {@code .gitops/stack.env} is {@code stackEnv}: the operator's login when
     * it carries one, else the launcher's own ({@link #read}) on its {@code GITOPS_KAFKA_BOOTSTRAP}.
     */
    public static KafkaClientSettings fromStackEnv(Map<String, String> stackEnv) {
        return fromStackEnv(stackEnv, System.getenv());
    }

    static KafkaClientSettings fromStackEnv(Map<String, String> stackEnv, Map<String, String> env) {
        String bootstrap = stackEnv.get("GITOPS_KAFKA_BOOTSTRAP");
        if (bootstrap == null) {
            throw new StackException(".gitops/stack.env has no GITOPS_KAFKA_BOOTSTRAP: start the stack again");
        }
        String username = stackEnv.get("GITOPS_KAFKA_USERNAME");
        if (username == null) {
            return read(bootstrap, env);
        }
        return KafkaSecurity.login(bootstrap, username, stackEnv.getOrDefault("GITOPS_KAFKA_PASSWORD", ""));
    }

    /** The stack's settings: from its {@code .gitops/stack.env} when it has one, else {@link #of(Ports)}. */
    public static KafkaClientSettings of(Ports ports, StackLayout layout) {
        if (Files.isRegularFile(layout.stackEnv())) {
            try {
                return fromStackEnv(StackEnvFile.read(layout.stackEnv()));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + layout.stackEnv(), e);
            }
        }
        return of(ports);
    }

    /**
     * The {@link KafkaAcls#DLQ_REPLAY} login of the running stack ({@code ./gitops dlq replay}): from its
     * {@code .gitops/stack.env} when that carries one, else the same settings as {@link #of(Ports, StackLayout)}.
     */
    public static KafkaClientSettings replayOf(Ports ports, StackLayout layout) {
        if (Files.isRegularFile(layout.stackEnv())) {
            try {
                Map<String, String> stackEnv = StackEnvFile.read(layout.stackEnv());
                String username = stackEnv.get(StackInfo.REPLAY_USERNAME);
                if (username != null && stackEnv.get("GITOPS_KAFKA_BOOTSTRAP") != null) {
                    return KafkaSecurity.login(stackEnv.get("GITOPS_KAFKA_BOOTSTRAP"), username,
                            stackEnv.getOrDefault(StackInfo.REPLAY_PASSWORD, ""));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + layout.stackEnv(), e);
            }
        }
        return of(ports, layout);
    }

    /** {@code bootstrap} plus the connection properties of the file {@code env} names and of its KAFKA_* variables. */
    static KafkaClientSettings read(String bootstrap, Map<String, String> env) {
        Map<String, Object> config = new TreeMap<>();
        String file = env.get(PROPERTIES_FILE);
        if (file != null && !file.isBlank()) {
            load(Path.of(file.trim())).forEach((key, value) -> config.put(String.valueOf(key), value));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && value != null && !value.isEmpty()) {
                config.put(property(name), value);
            }
        });
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return KafkaClientSettings.from(config);
    }

    /** The services' environment form of the connection properties ({@code sasl.mechanism} as KAFKA_SASL_MECHANISM). */
    static Map<String, String> environment(KafkaClientSettings kafka) {
        Map<String, String> env = new LinkedHashMap<>();
        kafka.connection().forEach((key, value) ->
                env.put(ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    /** KAFKA_SECURITY_PROTOCOL as security.protocol: Quarkus' rule for the {@code kafka.*} configuration. */
    static String property(String variable) {
        return variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static Properties load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StackException(PROPERTIES_FILE + " names " + file + ", which is not a file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + " (" + PROPERTIES_FILE + ")", e);
        }
        return properties;
    }
}
