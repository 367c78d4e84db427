package io.gitops.testing;

/** How long an injected resource lives and who shares it. */
public enum Scope {
    /**
     * One resource per top-level test class (its {@code @Nested} classes share it): started when the class first asks
     * for it, closed after the class's last test and {@code @AfterAll} method.
     */
    CLASS,
    /**
     * One resource per test JVM and configuration (Surefire and Failsafe run a module's tests in one fork): started on
     * first use, closed when the JVM exits. Quarkus test resources of this module share the same instances.
     */
    JVM
}
