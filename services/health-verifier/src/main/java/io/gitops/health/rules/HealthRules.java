package io.gitops.health.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The failure rules, as data: workload rules (status conditions) and container rules (states of the new pods'
 * containers), each list in priority order. The built-in set is {@code health-rules.yaml} on the classpath; a file
 * of the same shape can replace it ({@code gitops.health.rules-file}).
 */
public record HealthRules(List<WorkloadRule> workloadRules, List<ContainerRule> containerRules) {

    public static final String BUILT_IN = "/health-rules.yaml";

    public HealthRules {
        workloadRules = List.copyOf(workloadRules);
        containerRules = List.copyOf(containerRules);
    }

    /** The rules shipped with the verifier. */
    public static HealthRules builtIn() {
        try (InputStream in = HealthRules.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in health rules " + BUILT_IN + " are missing from the classpath");
            }
            return HealthRulesLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
