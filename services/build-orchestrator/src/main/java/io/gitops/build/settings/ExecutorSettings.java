package io.gitops.build.settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import io.gitops.build.BuildConfig;
import io.gitops.build.exec.kubernetes.ContainerResources;
import io.gitops.build.exec.kubernetes.JobKind;
import io.gitops.build.exec.kubernetes.JobSettings;

/**
 * The stage executors: the kubernetes executor's Jobs and polling, the github-actions executor's report window, the
 * variables the local executor's commands inherit besides its base ({@code gitops.build.stage.pass-env}).
 */
public record ExecutorSettings(JobSettings jobs, Duration jobPollInterval, Duration actionsReportWindow,
                               List<String> localPassEnv) {

    public ExecutorSettings {
        localPassEnv = List.copyOf(localPassEnv);
    }

    /** Settings where local stage commands inherit only the base variables. */
    public ExecutorSettings(JobSettings jobs, Duration jobPollInterval, Duration actionsReportWindow) {
        this(jobs, jobPollInterval, actionsReportWindow, List.of());
    }

    public static ExecutorSettings from(BuildConfig config) {
        BuildConfig.Kubernetes kubernetes = config.kubernetes();
        Map<JobKind, ContainerResources> resources = new EnumMap<>(JobKind.class);
        resources.put(JobKind.CHECKOUT, resources(kubernetes.resources().checkout(), JobKind.CHECKOUT));
        resources.put(JobKind.COMMAND, resources(kubernetes.resources().command(), JobKind.COMMAND));
        resources.put(JobKind.BUILD, resources(kubernetes.resources().build(), JobKind.BUILD));
        JobSettings jobs = new JobSettings(kubernetes.namespace(), kubernetes.gitImage(),
                kubernetes.gitCredentialsSecretName(), kubernetes.buildImage(), kubernetes.registryAuthSecretName(),
                kubernetes.buildServiceAccountName(), kubernetes.sonarTokenSecretName(), kubernetes.runAsUser(),
                kubernetes.commandReadOnlyRootFilesystem(), resources, kubernetes.buildStorageLimit(),
                new HashSet<>(config.registry().insecureHosts()));
        return new ExecutorSettings(jobs, kubernetes.pollInterval(), config.githubActions().reportWindow(),
                config.stage().passEnv().orElse(List.of()));
    }

    private static ContainerResources resources(BuildConfig.Resources configured, JobKind kind) {
        ContainerResources defaults = JobSettings.DEFAULT_RESOURCES.get(kind);
        return new ContainerResources(configured.cpuRequest().orElse(defaults.cpuRequest()),
                configured.memoryRequest().orElse(defaults.memoryRequest()),
                configured.cpuLimit().orElse(defaults.cpuLimit()),
                configured.memoryLimit().orElse(defaults.memoryLimit()));
    }
}
