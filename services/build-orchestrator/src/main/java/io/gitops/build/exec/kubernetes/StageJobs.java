package io.gitops.build.exec.kubernetes;

import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gitops.build.exec.CommandSpec;

/**
 * The Job of one stage: an init container clones the commit into an {@code emptyDir} workspace, the stage container
 * (the app's builder image) runs the command there; {@code activeDeadlineSeconds} is the stage timeout,
 * {@code backoffLimit} 0 (the orchestrator decides about retries), a TTL cleans up what the orchestrator could not.
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

    public static Job job(CommandSpec spec, String name, String namespace, String gitImage) {
        Map<String, String> labels = Map.of(LABEL_PIPELINE, spec.origin().pipelineId(), LABEL_STAGE, spec.stage(),
                LABEL_APP, spec.origin().app(), "app.kubernetes.io/managed-by", "gitops-build-orchestrator");
        String checkout = "git clone --quiet --no-checkout \"$GIT_URL\" /workspace && cd /workspace && "
                + "git checkout --quiet \"$GIT_COMMIT\"";
        return new JobBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(Math.max(1, spec.timeout().toSeconds()))
                .withTtlSecondsAfterFinished(3600)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("checkout").withImage(gitImage).withCommand("sh", "-c", checkout)
                .withEnv(new EnvVar("GIT_URL", spec.origin().cloneUrl(), null),
                        new EnvVar("GIT_COMMIT", spec.origin().commit(), null))
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
