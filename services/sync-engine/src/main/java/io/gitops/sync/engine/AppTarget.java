package io.gitops.sync.engine;

import io.gitops.config.AppConfig;
import io.gitops.config.AppConfig.SyncPolicy;

/** One (app, env) to sync: its configuration and the namespace it deploys to. */
public record AppTarget(String app, String env, String namespace, AppConfig config) {

    public String key() {
        return app + "/" + env;
    }

    public SyncPolicy policy() {
        return config == null ? SyncPolicy.DEFAULT : config.syncPolicy();
    }
}
