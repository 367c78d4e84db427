package io.gitops.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs test classes the way the build does (the Jupiter engine through the platform launcher) and sums them up. */
final class Run {

    private Run() {
    }

    static TestExecutionSummary classes(Class<?>... classes) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList())
                .build(), listener);
        return listener.getSummary();
    }

    static List<String> failureMessages(TestExecutionSummary summary) {
        return summary.getFailures().stream().map(f -> {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = f.getException(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append(" | ");
            }
            return messages.toString();
        }).toList();
    }
}
