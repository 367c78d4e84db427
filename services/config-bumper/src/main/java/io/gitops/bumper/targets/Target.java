package io.gitops.bumper.targets;

import io.gitops.bumper.batch.Intent;
import io.gitops.config.AppConfig.Promotion;

/** One environment an intent applies to, with where its tag lives. */
public record Target(Intent intent, String app, String env, Promotion promotion, String valuesFile, String valuesKey) {

    public String key() {
        return app + "/" + env;
    }
}
