package io.gitops.build.settings;

import java.time.Duration;

import io.gitops.build.BuildConfig;
import io.gitops.build.exec.kubernetes.JobSettings;

/** The stage executors: the kubernetes executor's Jobs and polling, the github-actions executor's report window. */
public record ExecutorSettings(JobSettings jobs, Duration jobPollInterval, Duration actionsReportWindow) {

    public static ExecutorSettings from(BuildConfig config) {
        BuildConfig.Kubernetes kubernetes = config.kubernetes();
        return new ExecutorSettings(new JobSettings(kubernetes.namespace(), kubernetes.gitImage(),
                kubernetes.gitCredentialsSecretName()), kubernetes.pollInterval(),
                config.githubActions().reportWindow());
    }
}
