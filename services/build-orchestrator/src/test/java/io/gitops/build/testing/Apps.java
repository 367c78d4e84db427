package io.gitops.build.testing;

import io.gitops.config.AppConfig;
import io.gitops.config.AppConfigParser;

/** Parsed app.yaml models for tests. */
public final class Apps {

    public static final String SHA = "9f2c1e4b7a6d5c3b2a1908f7e6d5c4b3a2918070";

    private Apps() {
    }

    public static AppConfig app(String name, String repo) {
        return ((AppConfigParser.Parsed) AppConfigParser.parse(SampleApp.appYaml(name, repo, "registry.local/" + name,
                "bash ci/test.sh", ""), "apps/" + name + "/app.yaml")).app();
    }
}
