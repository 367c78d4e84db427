package io.gitops.build.exec.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gitops.build.exec.CommandSpec;

/**
 * The Job of one stage: an init container clones the commit into an {@code emptyDir} workspace, the stage container
 * (the app's builder image) runs the command there; {@code activeDeadlineSeconds} is the stage timeout,
 * {@code backoffLimit} 0 (the orchestrator decides about retries), a TTL cleans up what the orchestrator could not.
 * With a credentials Secret configured, the clone authenticates through a Git credential helper that reads the
 * Secret's values from the init container's environment (never from the URL or the command line).
 */
public final class StageJobs {

    public static final String LABEL_PIPELINE = "gitops.io/pipeline";
    public static final String LABEL_STAGE = "gitops.io/stage";
    public static final String LABEL_APP = "app.kubernetes.io/name";

    private StageJobs() {
    }

    /** A DNS-1123 name for the Job of this stage attempt (at most 63 characters). */
    public static String name(CommandSpec spec, int attempt) {
        String base = (spec.origin().pipelineId() + "-" + spec.stage() + "-" + attempt).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        return base.length() > 63 ? base.substring(0, 63).replaceAll("-+$", "") : base;
    }

    /**
     * The init container's script: a clone that never prompts; with credentials, a credential helper answers Git's
     * {@code get} request from {@code GIT_USERNAME}/{@code GIT_PASSWORD}.
     */
    static String checkoutScript(boolean withCredentials) {
        String helper = withCredentials
                ? "-c credential.helper='!f() { test \"$1\" = get && printf \"username=%s\\npassword=%s\\n\" "
                        + "\"$GIT_USERNAME\" \"$GIT_PASSWORD\"; }; f' "
                : "";
        return "export GIT_TERMINAL_PROMPT=0 && git " + helper + "clone --quiet --no-checkout \"$GIT_URL\" /workspace"
                + " && cd /workspace && git checkout --quiet \"$GIT_COMMIT\"";
    }

    static List<EnvVar> checkoutEnv(CommandSpec spec, JobSettings settings) {
        List<EnvVar> env = new ArrayList<>(List.of(new EnvVar("GIT_URL", spec.origin().cloneUrl(), null),
                new EnvVar("GIT_COMMIT", spec.origin().commit(), null)));
        settings.gitCredentialsSecretName().ifPresent(secret -> {
            env.add(secretEnv("GIT_USERNAME", secret, "username"));
            env.add(secretEnv("GIT_PASSWORD", secret, "password"));
        });
        return env;
    }

    private static EnvVar secretEnv(String variable, String secret, String key) {
        return new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).withOptional(false).endSecretKeyRef().endValueFrom().build();
    }

    public static Job job(CommandSpec spec, String name, JobSettings settings) {
        Map<String, String> labels = Map.of(LABEL_PIPELINE, spec.origin().pipelineId(), LABEL_STAGE, spec.stage(),
                LABEL_APP, spec.origin().app(), "app.kubernetes.io/managed-by", "gitops-build-orchestrator");
        String checkout = checkoutScript(settings.gitCredentialsSecretName().isPresent());
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(settings.namespace()).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, spec.timeout().toSeconds()))
                .withTtlSecondsAfterFinished(3600)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("checkout").withImage(settings.gitImage()).withCommand("sh", "-c", checkout)
                .withEnv(checkoutEnv(spec, settings))
                .addNewVolumeMount().withName("workspace").withMountPath("/workspace").endVolumeMount()
                .endInitContainer()
                .addNewContainer()
                .withName("stage").withImage(spec.origin().builderImage()).withWorkingDir("/workspace")
                .withCommand("bash", "-c", LogReports.wrap(spec.command(), spec.collect()))
                .withEnv(spec.env().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList())
                .addNewVolumeMount().withName("workspace").withMountPath("/workspace").endVolumeMount()
                .endContainer()
                .addNewVolume().withName("workspace").withNewEmptyDir().endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
