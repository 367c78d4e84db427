package io.gitops.launcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a running stack offers, printed by {@code up} and written to {@code .gitops/stack.env} as shell variables. */
public record StackInfo(Map<String, String> variables, Duration startTime) {

    /** The variable carrying the operator's Kafka password: in the file, never in the printed summary. */
    static final String KAFKA_PASSWORD = "GITOPS_KAFKA_PASSWORD";
    /** The {@link KafkaAcls#DLQ_REPLAY} login of {@code ./gitops dlq replay}: in the file, never printed. */
    static final String REPLAY_USERNAME = "GITOPS_KAFKA_REPLAY_USERNAME";
    static final String REPLAY_PASSWORD = "GITOPS_KAFKA_REPLAY_PASSWORD";

    public static StackInfo of(StackLayout layout, Ports ports, StackSettings settings, Duration startTime) {
        return of(layout, ports, settings, KafkaSecurity.plaintext(), startTime);
    }

    /**
     * What the stack offers; with the broker secured, the {@link KafkaAcls#OPERATOR} login as
     * {@code GITOPS_KAFKA_SECURITY_PROTOCOL}, {@code GITOPS_KAFKA_SASL_MECHANISM}, {@code GITOPS_KAFKA_USERNAME} and
     * {@value #KAFKA_PASSWORD}.
     */
    public static StackInfo of(StackLayout layout, Ports ports, StackSettings settings, KafkaSecurity security,
                               Duration startTime) {
        return of(layout, ports, settings, security, SandboxAuthorization.OFF, startTime);
    }

    /**
     * As above; with the sandbox's {@code authorization} on, {@code GITOPS_SANDBOX_URL} is https and
     * {@code GITOPS_KUBECONFIGS} names the directory of the services' own kubeconfigs ({@code GITOPS_KUBECONFIG}
     * stays the admin's).
     */
    public static StackInfo of(StackLayout layout, Ports ports, StackSettings settings, KafkaSecurity security,
                               SandboxAuthorization authorization, Duration startTime) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("GITOPS_WEBHOOK_URL", "http://127.0.0.1:" + ports.of("ingest") + "/webhooks/github");
        vars.put("GITOPS_WEBHOOK_SECRET", settings.webhookSecret());
        vars.put("GITOPS_KAFKA_BOOTSTRAP", KafkaBroker.bootstrap(ports));
        vars.put("GITOPS_KAFKA_SECURITY_PROTOCOL", security.enabled() ? KafkaSecurity.PROTOCOL : "PLAINTEXT");
        if (security.enabled()) {
            vars.put("GITOPS_KAFKA_SASL_MECHANISM", KafkaSecurity.MECHANISM);
            vars.put("GITOPS_KAFKA_USERNAME", KafkaAcls.OPERATOR);
            vars.put(KAFKA_PASSWORD, security.password(KafkaAcls.OPERATOR));
            vars.put(REPLAY_USERNAME, KafkaAcls.DLQ_REPLAY);
            vars.put(REPLAY_PASSWORD, security.password(KafkaAcls.DLQ_REPLAY));
        }
        vars.put("GITOPS_CONFIG_REPO", StackSettings.CONFIG_REPO);
        vars.put("GITOPS_CONFIG_REPO_URL", StackSettings.gitUrl(ports, StackSettings.CONFIG_REPO));
        vars.put("GITOPS_SAMPLE_REPO", StackSettings.SAMPLE_REPO);
        vars.put("GITOPS_SAMPLE_REPO_URL", StackSettings.gitUrl(ports, StackSettings.SAMPLE_REPO));
        vars.put("GITOPS_GIT_USERNAME", settings.gitUsername());
        vars.put("GITOPS_GIT_PASSWORD", settings.gitPassword());
        vars.put("GITOPS_KUBECONFIG", layout.kubeconfig().toString());
        vars.put("GITOPS_SANDBOX_URL", (authorization.enabled() ? "https" : "http") + "://127.0.0.1:" + ports.of("sandbox"));
        vars.put(SandboxAuthorization.SETTING, authorization.name().toLowerCase(java.util.Locale.ROOT));
        if (authorization.enabled()) {
            vars.put("GITOPS_KUBECONFIGS", layout.kubeconfigs().toString());
        }
        vars.putAll(settings.registry().variables());
        for (String service : StackSettings.SERVICES) {
            String name = service.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            vars.put("GITOPS_" + name + "_METRICS_URL", "http://127.0.0.1:" + ports.of(service) + "/q/metrics");
        }
        vars.put("GITOPS_LOGS", layout.logs().toString());
        return new StackInfo(vars, startTime);
    }

    public String get(String name) {
        return variables.get(name);
    }

    /** {@code export NAME='value'} lines, safe to {@code source}. */
    public String toEnvFile() {
        StringBuilder text = new StringBuilder("# Written by ./gitops up; source it: . .gitops/stack.env\n");
        variables.forEach((name, value) -> text.append("export ").append(name).append("='")
                .append(value.replace("'", "'\\''")).append("'\n"));
        return text.toString();
    }

    /** The summary printed after {@code up}. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%nThe platform is up (%.1f s). Everything below is also in .gitops/stack.env.%n%n",
                startTime.toMillis() / 1000.0));
        variables.forEach((name, value) -> text.append(String.format("  %-38s %s%n", name,
                name.equals(KAFKA_PASSWORD) || name.equals(REPLAY_PASSWORD) ? "(in .gitops/stack.env)" : value)));
        text.append(String.format("%nTry: ./gitops demo    ./gitops events --follow    ./gitops status    ./gitops down%n"));
        return text.toString();
    }
}
