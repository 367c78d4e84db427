package io.gitops.build.exec.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.gitops.build.exec.CommandSpec;

/**
 * The Job of one stage: an init container clones the commit into an {@code emptyDir} workspace, the stage container
 * (the app's builder image) runs the command there; {@code activeDeadlineSeconds} is the stage timeout,
 * {@code backoffLimit} 0 (the orchestrator decides about retries), a TTL cleans up what the orchestrator could not.
 * The image build ({@link CommandSpec#imageBuild()}) is a Job too: after the clone (and the app's build command in
 * the builder image, as a second init container), the buildah container runs {@link BuildScript} and pushes.
 * <p>
 * Every pod is hardened the same way: no ServiceAccount token, {@code runAsNonRoot} with a non-root uid, seccomp
 * {@code RuntimeDefault}; every container without privilege escalation, with all capabilities dropped, a read-only
 * root filesystem (writable: {@code emptyDir}s) and requests and limits of its {@link JobKind}; secrets only by
 * reference ({@code secretKeyRef}, a read-only Secret volume). Stage pods carry {@link #LABEL_STAGE_POD}, which the
 * chart's NetworkPolicy selects.
 */
public final class StageJobs {

    public static final String LABEL_PIPELINE = "gitops.io/pipeline";
    public static final String LABEL_STAGE = "gitops.io/stage";
    public static final String LABEL_APP = "app.kubernetes.io/name";
    /** {@code "true"} on every stage pod: the NetworkPolicy of stage pods selects it. */
    public static final String LABEL_STAGE_POD = "gitops.io/stage-pod";

    /** The container whose log and termination message the executor reads. */
    public static final String STAGE_CONTAINER = "stage";
    /** The init container of the build Job that runs the app's build command. */
    public static final String PACKAGE_CONTAINER = "package";

    static final String WORKSPACE = "/workspace";
    static final String TMP = "/tmp";
    static final String STORAGE = "/var/lib/gitops-build";
    static final String REGISTRY_AUTH_DIR = "/run/secrets/registry";
    static final String REGISTRY_AUTH_FILE = REGISTRY_AUTH_DIR + "/auth.json";
    /** Stage environment variables that are secrets: never copied into a Job as literal values. */
    static final Set<String> SECRET_VARIABLES = Set.of("SONAR_TOKEN");

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

    /** The stage's own variables as literals (secrets left out), sorted, then {@code extra}. */
    static List<EnvVar> stageEnv(CommandSpec spec, Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>();
        spec.env().entrySet().stream().filter(e -> !SECRET_VARIABLES.contains(e.getKey()))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> values.put(e.getKey(), e.getValue()));
        values.putAll(extra);
        return new ArrayList<>(values.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                .toList());
    }

    /** The hardened container security context; {@code readOnlyRoot} false only where the tool needs it. */
    static SecurityContext containerSecurity(boolean readOnlyRoot) {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withPrivileged(false)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(readOnlyRoot)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new io.fabric8.kubernetes.api.model.VolumeMountBuilder().withName(name).withMountPath(path)
                .withReadOnly(readOnly).build();
    }

    private static Volume emptyDir(String name, String sizeLimit) {
        return new VolumeBuilder().withName(name).withNewEmptyDir()
                .withSizeLimit(sizeLimit == null ? null : new Quantity(sizeLimit)).endEmptyDir().build();
    }

    private static Container checkout(CommandSpec spec, JobSettings settings) {
        return new ContainerBuilder()
                .withName("checkout").withImage(settings.gitImage())
                .withCommand("sh", "-c", checkoutScript(settings.gitCredentialsSecretName().isPresent()))
                .withEnv(checkoutEnv(spec, settings))
                .withSecurityContext(containerSecurity(true))
                .withResources(settings.resourcesOf(JobKind.CHECKOUT).requirements())
                .withVolumeMounts(mount("workspace", WORKSPACE, false), mount("tmp", TMP, false))
                .build();
    }

    /** A stage command in the builder image: {@code stage} for command Jobs, {@code package} in the build Job. */
    private static Container command(CommandSpec spec, JobSettings settings, String name, String script) {
        List<EnvVar> env = stageEnv(spec, Map.of("HOME", TMP));
        if ("sast".equals(spec.stage())) {
            settings.sonarTokenSecretName().ifPresent(s -> env.add(secretEnv("SONAR_TOKEN", s, "token")));
        }
        return new ContainerBuilder()
                .withName(name).withImage(spec.origin().builderImage()).withWorkingDir(WORKSPACE)
                .withCommand("bash", "-c", script)
                .withEnv(env)
                .withSecurityContext(containerSecurity(settings.commandReadOnlyRoot()))
                .withResources(settings.resourcesOf(JobKind.COMMAND).requirements())
                .withVolumeMounts(mount("workspace", WORKSPACE, false), mount("tmp", TMP, false))
                .build();
    }

    /** The buildah container: {@link BuildScript} with its environment, the workspace read-only. */
    private static Container build(CommandSpec spec, JobSettings settings) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(BuildScript.CONTEXT, WORKSPACE);
        extra.put(BuildScript.STORAGE, STORAGE);
        extra.put(BuildScript.TLS_VERIFY, String.valueOf(!settings.insecureRegistries().contains(host(spec))));
        extra.put("HOME", STORAGE + "/home");
        extra.put("XDG_RUNTIME_DIR", STORAGE + "/run");
        extra.put("BUILDAH_ISOLATION", "chroot");
        settings.registryAuthSecretName().ifPresent(s -> extra.put("REGISTRY_AUTH_FILE", REGISTRY_AUTH_FILE));
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount("workspace", WORKSPACE, true),
                mount("storage", STORAGE, false), mount("tmp", TMP, false)));
        settings.registryAuthSecretName().ifPresent(s -> mounts.add(mount("registry-auth", REGISTRY_AUTH_DIR, true)));
        return new ContainerBuilder()
                .withName(STAGE_CONTAINER).withImage(settings.buildImage()).withWorkingDir(WORKSPACE)
                .withCommand("sh", "-c", BuildScript.SCRIPT)
                .withEnv(stageEnv(spec, extra))
                .withSecurityContext(containerSecurity(true))
                .withResources(settings.resourcesOf(JobKind.BUILD).requirements())
                .withVolumeMounts(mounts)
                .build();
    }

    /** The registry host of the stage's image reference ({@code GITOPS_IMAGE}). */
    static String host(CommandSpec spec) {
        String image = spec.env().getOrDefault(BuildScript.IMAGE, "");
        int slash = image.indexOf('/');
        return slash < 0 ? "" : image.substring(0, slash);
    }

    public static Job job(CommandSpec spec, String name, JobSettings settings) {
        Map<String, String> labels = Map.of(LABEL_PIPELINE, spec.origin().pipelineId(), LABEL_STAGE, spec.stage(),
                LABEL_APP, spec.origin().app(), "app.kubernetes.io/managed-by", "gitops-build-orchestrator",
                LABEL_STAGE_POD, "true");
        List<Container> init = new ArrayList<>(List.of(checkout(spec, settings)));
        List<Container> containers = new ArrayList<>();
        List<Volume> volumes = new ArrayList<>(List.of(emptyDir("workspace", null), emptyDir("tmp", null)));
        if (spec.imageBuild()) {
            if (!spec.command().isBlank()) {
                init.add(command(spec, settings, PACKAGE_CONTAINER, spec.command()));
            }
            containers.add(build(spec, settings));
            volumes.add(emptyDir("storage", settings.buildStorageLimit()));
            settings.registryAuthSecretName().ifPresent(secret -> volumes.add(new VolumeBuilder()
                    .withName("registry-auth").withNewSecret().withSecretName(secret).withOptional(false)
                    .withDefaultMode(0440).addNewItem().withKey(".dockerconfigjson").withPath("auth.json").endItem()
                    .endSecret().build()));
        } else {
            containers.add(command(spec, settings, STAGE_CONTAINER, LogReports.wrap(spec.command(), spec.collect())));
        }
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
                .withAutomountServiceAccountToken(false)
                .withServiceAccountName(spec.imageBuild() ? settings.buildServiceAccountName().orElse(null) : null)
                .withEnableServiceLinks(false)
                .withSecurityContext(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(settings.runAsUser())
                        .withRunAsGroup(settings.runAsUser())
                        .withFsGroup(settings.runAsUser())
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                        .build())
                .withInitContainers(init)
                .withContainers(containers)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
