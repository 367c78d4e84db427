package io.gitops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test gets the JVM's in-JVM Kafka broker ({@code KafkaTestBroker.shared()}) as a {@code KafkaTestBroker}
 * parameter (of test, lifecycle and constructor methods) or {@link Provided} field.
 *
 * <p>Lifecycle: there is one broker per JVM, shared by every test class and by {@code KafkaTestResource}; it is
 * started on first use and closed when the JVM exits, never by a test. Topics therefore outlive a test: use
 * {@link KafkaExtension#uniqueTopic(String)} where a test needs a topic no other test wrote to.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(KafkaExtension.class)
public @interface WithKafka {
}
