package io.gitops.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.concurrent.atomic.AtomicLong;

import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The extension behind {@link WithKafka}: resolves {@link KafkaTestBroker} parameters and {@link Provided} fields to
 * {@link KafkaTestBroker#shared()}, the one broker of the JVM, which it never closes (the broker's own JVM shutdown
 * hook does). Usable on its own with {@code @ExtendWith(KafkaExtension.class)}.
 */
public class KafkaExtension extends InjectingExtension {

    private static final AtomicLong TOPICS = new AtomicLong();

    /**
     * A topic name no other call in this JVM returned: {@code <prefix>.<n>-<nanos>}, so a test that writes to it reads
     * only its own records from the shared broker (the name is unique; creating the topic is up to the caller).
     */
    public static String uniqueTopic(String prefix) {
        return prefix + "." + TOPICS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
    }

    @Override
    boolean handles(Class<?> type, AnnotatedElement element) {
        return type == KafkaTestBroker.class;
    }

    @Override
    Object value(Class<?> type, AnnotatedElement element, ExtensionContext context) {
        return KafkaTestBroker.shared();
    }
}
