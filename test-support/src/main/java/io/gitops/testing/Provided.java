package io.gitops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that receives a resource of its type: a {@code KafkaTestBroker}, {@code LocalGitServer} or
 * {@code SandboxCluster} from {@link WithKafka}, {@link WithGitServer} or {@link WithSandbox} (static fields before
 * {@code @BeforeAll}, instance fields when the test instance is created), or from the matching Quarkus test resource in
 * a {@code @QuarkusTest}. A {@code java.nio.file.Path} field annotated {@code @Provided @Kubeconfig} receives the
 * sandbox's kubeconfig file.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Provided {
}
