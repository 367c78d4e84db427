package io.gitops.testing.kafka;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource that points the application at the module's shared in-JVM broker.
 *
 * <p>Init arg {@code topics}: comma-separated {@code name[:partitions]} created before the application starts.
 * The broker outlives each Quarkus application (it is closed when the JVM exits), so restarting the application
 * in a test keeps the data, like a real restart against a real cluster.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, Integer> topics = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        topics = parseTopics(initArgs.getOrDefault("topics", ""));
    }

    static Map<String, Integer> parseTopics(String spec) {
        Map<String, Integer> parsed = new HashMap<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.lastIndexOf(':');
            if (colon > 0) {
                parsed.put(trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1)));
            } else {
                parsed.put(trimmed, 1);
            }
        }
        return parsed;
    }

    @Override
    public Map<String, String> start() {
        KafkaTestBroker broker = KafkaTestBroker.shared();
        if (!topics.isEmpty()) {
            broker.createTopics(topics);
        }
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(KafkaTestBroker.shared(),
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaBroker.class, KafkaTestBroker.class));
    }

    @Override
    public void stop() {
        // The shared broker is closed by its JVM shutdown hook.
    }
}
