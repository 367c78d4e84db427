package io.gitops.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test gets a {@code LocalGitServer} (JGit over HTTP on a random port, repositories in a fresh temporary
 * directory) as a parameter (of test, lifecycle and constructor methods) or {@link Provided} field.
 *
 * <p>Lifecycle: with {@link Scope#CLASS} (the default) the server is started when the test class first asks for it and
 * closed, its directory deleted, after the class's last test and {@code @AfterAll}; with {@link Scope#JVM} one server
 * per credentials is shared by every class of the JVM and closed when the JVM exits. Repositories created by one test
 * are seen by the next ones of the same scope: name them uniquely.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(GitServerExtension.class)
public @interface WithGitServer {

    /** HTTP basic user every request must carry; empty (the default) for anonymous access. */
    String username() default "";

    /** The password of {@link #username()}. */
    String password() default "";

    Scope scope() default Scope.CLASS;
}
