package io.gitops.events.data;

/** Test counts read from JUnit XML reports. */
public record TestCounts(int passed, int failed, int skipped) {
}
