package io.gitops.build.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.build.BuildConfig;

/** SonarQube's Web API for {@code sast: sonarqube}: server, token (never logged), report files, polling bounds. */
public record SonarSettings(Optional<String> url, Optional<String> token, List<String> reportTaskPaths,
                            Duration pollInterval, Duration timeout) {

    public SonarSettings {
        reportTaskPaths = List.copyOf(reportTaskPaths);
    }

    public static SonarSettings from(BuildConfig.Sonarqube config) {
        return new SonarSettings(config.url(), config.token(), config.reportTaskPaths(), config.pollInterval(),
                config.timeout());
    }

    @Override
    public String toString() {
        return "SonarSettings[url=" + url + ", token=" + token.map(t -> "****") + ", reportTaskPaths="
                + reportTaskPaths + ", pollInterval=" + pollInterval + ", timeout=" + timeout + "]";
    }
}
